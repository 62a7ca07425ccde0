using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Delivery;

/// <summary>
/// Delivers one queued message. Reentrant: a message that is no longer Queued is left alone, so a job
/// that runs again after a crash, or twice, does not send twice once the first outcome was saved.
/// </summary>
public class DeliverMessageJob(
    SmartSenderDbContext db,
    SmtpRelaySender sender,
    IBackgroundJobClient jobs,
    IOptions<DeliveryOptions> options,
    TimeProvider clock,
    ILogger<DeliverMessageJob> logger)
{
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(Guid messageId, CancellationToken ct)
    {
        var message = await db.Messages.Include(m => m.Events).FirstOrDefaultAsync(m => m.Id == messageId, ct);
        if (message is null || message.Status != MessageStatus.Queued)
        {
            return;
        }

        var outcome = await sender.SendAsync(MimeMessageFactory.Create(message, clock.GetUtcNow()), ct);
        var now = clock.GetUtcNow().UtcDateTime;
        switch (outcome)
        {
            case DeliveryOutcome.Sent sent:
                message.MarkSent(sent.Reply, now);
                break;
            case DeliveryOutcome.HardFail failed:
                message.MarkFailed(failed.Reply, now);
                break;
            case DeliveryOutcome.SoftFail deferred:
                Defer(message, deferred.Reply, now);
                break;
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("Message {MessageId}: {Outcome} {Reply}", message.Id, outcome.GetType().Name, outcome.Reply);
    }

    private void Defer(Message message, string reply, DateTime now)
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
