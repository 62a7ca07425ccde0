using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Delivery;

/// <summary>
/// Delivers one queued message. Reentrant: a message that is no longer Queued is left alone, so a job
/// that runs again after a crash, or twice, does not send twice once the first outcome was saved.
/// </summary>
public class DeliverMessageJob(
    SmartSenderDbContext db,
    OutgoingMessageBuilder builder,
    IMessageSender sender,
    RetryPolicy retries,
    TimeProvider clock,
    ILogger<DeliverMessageJob> logger)
{
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(Guid messageId, CancellationToken ct)
    {
        var message = await db.Messages.Include(m => m.Events).Include(m => m.Attachments).AsSplitQuery().FirstOrDefaultAsync(m => m.Id == messageId, ct);
        if (message is null || message.Status != MessageStatus.Queued)
        {
            return;
        }

        var mime = await builder.BuildAsync(message, ct);
        var outcome = mime is null
            ? new DeliveryOutcome.HardFail("unsigned: the From domain is no longer a sending domain of this account, so the message cannot be DKIM-signed.")
            : await sender.SendAsync(mime, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        switch (outcome)
        {
            case DeliveryOutcome.Sent sent:
                message.MarkSent(sent.Reply, now);
                break;
            case DeliveryOutcome.HardFail failed:
                message.MarkFailed(failed.Reply, now, attempted: mime is not null);
                break;
            case DeliveryOutcome.SoftFail deferred:
                retries.Defer(message, deferred.Reply, now);
                break;
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("Message {MessageId}: {Outcome} {Reply}", message.Id, outcome.GetType().Name, outcome.Reply);
    }
}
