using Hangfire;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Webhooks;

/// <summary>
/// The Hangfire job that moves webhooks along: dispatches new events, then posts what is due (first tries and
/// retries alike). It runs every minute, and soon after new events when an account has endpoints.
/// </summary>
public class WebhookJob(WebhookDispatcher dispatcher, WebhookSender sender)
{
    public const string RecurringId = "webhooks";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        await dispatcher.DispatchAsync(ct);
        await sender.SendDueAsync(ct);
    }
}
