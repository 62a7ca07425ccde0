using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Delivery.Pools;
using SmartSender.Core.Delivery.Replies;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Suppressions;

namespace SmartSender.Core.Delivery;

/// <summary>
/// Delivers one queued message: finds its route and lane, waits while the lane is paused or at its rate, then sends
/// and tells the lane how it went. Reentrant: a message that is no longer Queued is left alone, so a job that runs
/// again after a crash, or twice, does not send twice once the first outcome was saved.
/// </summary>
public class DeliverMessageJob(
    SmartSenderDbContext db,
    OutgoingMessageBuilder builder,
    IMessageSender sender,
    LaneRegistry lanes,
    IpPools pools,
    RetryPolicy retries,
    SuppressionList suppressions,
    IBackgroundJobClient jobs,
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

        var lookup = await sender.RouteAsync(MimeKit.MailboxAddress.Parse(message.To).Domain, ct);
        if (lookup.Failure is { } noRoute)
        {
            await ApplyAsync(message, SmtpAttempt.Verdict(noRoute), attempted: false, ct);
            return;
        }

        var from = sender.UsesSendingIps ? await pools.PickAsync(message.AccountId, ct) : new SendingIp { Address = "relay" };
        var lane = new LaneKey(string.IsNullOrEmpty(from.Address) ? "default" : from.Address, lookup.Route!.Provider);
        message.AssignLane(lane.ToString());
        var decision = await lanes.AcquireAsync(lane, ct);
        if (!decision.Allowed)
        {
            // Not an attempt: the message waits for its lane and keeps its place in the retry schedule.
            await db.SaveChangesAsync(ct);
            jobs.Schedule<DeliverMessageJob>(job => job.RunAsync(message.Id, CancellationToken.None), new DateTimeOffset(decision.WaitUntil!.Value, TimeSpan.Zero));
            logger.LogDebug("Message {MessageId} waits for lane {Lane} until {Until}: {Reason}", message.Id, lane, decision.WaitUntil, decision.Reason);
            return;
        }

        var mime = await builder.BuildAsync(message, ct);
        if (mime is null)
        {
            await ApplyAsync(message, SmtpAttempt.Verdict(new DeliveryOutcome.HardFail(
                "unsigned: the From domain is no longer a sending domain of this account, so the message cannot be DKIM-signed.")), attempted: false, ct);
            return;
        }

        var verdict = await sender.SendAsync(mime, lookup.Route, from, ct);
        await lanes.RecordAsync(lane, verdict, ct);
        await ApplyAsync(message, verdict, attempted: true, ct);
    }

    private async Task ApplyAsync(Message message, ReplyVerdict verdict, bool attempted, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        switch (verdict.Outcome)
        {
            case DeliveryOutcome.Sent sent:
                message.MarkSent(sent.Reply, now);
                break;
            case DeliveryOutcome.HardFail failed:
                message.MarkFailed(failed.Reply, now, attempted);
                if (verdict.AddressIsBad)
                {
                    // One hard bounce is enough: the account never sends to this address again.
                    await suppressions.AddAsync(message.AccountId, message.To, SuppressionReason.HardBounce, failed.Reply, message.Id, ct);
                }

                break;
            case DeliveryOutcome.SoftFail:
                retries.Defer(message, verdict, now);
                break;
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("Message {MessageId}: {Outcome} {Reply}", message.Id, verdict.Outcome.GetType().Name, verdict.Outcome.Reply);
    }
}
