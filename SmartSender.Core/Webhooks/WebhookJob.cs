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

/// <summary>Starts a <see cref="WebhookJob"/> soon after events are stored, at most every two seconds, and only while some account has an endpoint.</summary>
public class WebhookKick(IDbContextFactory<SmartSenderDbContext> contexts, IBackgroundJobClient jobs)
{
    private const long MinimumGap = 2_000;
    private const long EndpointsCheckGap = 10_000;
    private long _lastStart = -MinimumGap;
    private long _endpointsCheckedAt = -EndpointsCheckGap;
    private volatile bool _anyEndpoints;

    public void Kick()
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastStart);
        if (now - last < MinimumGap || Interlocked.CompareExchange(ref _lastStart, now, last) != last)
        {
            return;
        }

        if (now - Interlocked.Read(ref _endpointsCheckedAt) >= EndpointsCheckGap)
        {
            Interlocked.Exchange(ref _endpointsCheckedAt, now);
            using var db = contexts.CreateDbContext();
            _anyEndpoints = db.WebhookEndpoints.Any();
        }

        if (_anyEndpoints)
        {
            jobs.Enqueue<WebhookJob>(job => job.RunAsync(CancellationToken.None));
        }
    }

    /// <summary>An endpoint was added: the next events are worth a job at once.</summary>
    public void EndpointAdded() => (_anyEndpoints, _endpointsCheckedAt) = (true, Environment.TickCount64);

    /// <summary>A delivery was queued by hand (sent again): a job now, not at the next minute.</summary>
    public void RunSoon() => jobs.Enqueue<WebhookJob>(job => job.RunAsync(CancellationToken.None));
}
