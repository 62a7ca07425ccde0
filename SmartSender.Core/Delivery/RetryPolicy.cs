using Hangfire;
using Microsoft.Extensions.Options;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Delivery;

/// <summary>After a temporary failure: try again after the next configured delay, or give up when they are used up.</summary>
public class RetryPolicy(IBackgroundJobClient jobs, IOptions<DeliveryOptions> options)
{
    public void Defer(Message message, string reply, DateTime now)
    {
        var delays = options.Value.RetryDelays;
        if (message.Attempts >= delays.Length)
        {
            message.MarkFailed($"Gave up after {message.Attempts + 1} attempts. Last reply: {reply}", now);
            return;
        }

        var delay = delays[message.Attempts];
        message.MarkDeferred(reply, now + delay, now);
        jobs.Schedule<DeliverMessageJob>(job => job.RunAsync(message.Id, CancellationToken.None), delay);
    }
}
