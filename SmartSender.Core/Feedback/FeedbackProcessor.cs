using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using SmartSender.Core.Common;
using SmartSender.Core.Feedback.Bounces;
using SmartSender.Core.Feedback.Complaints;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Suppressions;

namespace SmartSender.Core.Feedback;

/// <summary>
/// Turns a report that came back by mail into what it means: a bounce or complaint on the message's timeline, and
/// for a hard bounce or a complaint the recipient on the account's suppression list. Auto-replies and anything that
/// is not about one of our messages change nothing. Only a report bound to its message (<see cref="OriginalMessage"/>)
/// may suppress an address or count against the sender; any other is kept on the timeline as unverified evidence.
/// </summary>
public sealed class FeedbackProcessor(
    IDbContextFactory<SmartSenderDbContext> contexts, BounceClassifier classifier, IOptions<InboundOptions> inbound, TimeProvider clock, ILogger<FeedbackProcessor> logger)
{
    /// <summary>ARF feedback types that are no complaint about the message's content or sending (RFC 6591, RFC 5965 §7.3 registry).</summary>
    private static readonly HashSet<string> NotComplaints = new(StringComparer.OrdinalIgnoreCase) { "auth-failure", "not-spam" };

    public async Task<FeedbackOutcome> ProcessAsync(MimeMessage report, IReadOnlyCollection<string> envelopeRecipients, CancellationToken ct = default)
    {
        var verdict = classifier.Classify(report);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var outcome = verdict.Kind switch
        {
            ReportKind.Feedback => await ComplaintAsync(db, ComplaintReport.From(report), envelopeRecipients, ct),
            ReportKind.Bounce => await BounceAsync(db, verdict, envelopeRecipients, ct),
            ReportKind.Notice => await NoticeAsync(db, verdict, envelopeRecipients, ct),
            _ => FeedbackOutcome.Ignored(verdict.Kind, null, $"{verdict.Kind}: not a bounce or a complaint"),
        };
        await db.SaveChangesAsync(ct);
        InboundMetrics.Received(outcome);
        logger.LogInformation("{Kind} report for message {MessageId}: {Summary}", outcome.Kind, outcome.MessageId, outcome.Summary);
        return outcome;
    }

    private async Task<FeedbackOutcome> BounceAsync(SmartSenderDbContext db, BounceReport verdict, IReadOnlyCollection<string> envelope, CancellationToken ct)
    {
        if (await FindAsync(db, envelope, verdict.OriginalHeaders, ct) is not var (message, bound))
        {
            return FeedbackOutcome.Ignored(ReportKind.Bounce, null, "bounce of no message of ours");
        }

        // One recipient per message: the report's line about that address, or its only line.
        var about = verdict.Recipients.Where(r => r.Class != BounceClass.NotABounce).ToList();
        var line = about.FirstOrDefault(r => string.Equals(r.Address, MailboxAddress.Parse(message.To).Address, StringComparison.OrdinalIgnoreCase))
            ?? (about.Count == 1 ? about[0] : null);
        if (line is null)
        {
            return FeedbackOutcome.Ignored(ReportKind.Bounce, message.Id, "the report names no failure for the message's recipient");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var hard = line.Class == BounceClass.Hard;
        var evidence = $"{(hard ? "hard" : "soft")} bounce, {line.Reason}{(line.Status is null ? "" : $", status {line.Status}")}: {line.Diagnostic}";
        if (!bound)
        {
            return Unverified(message, EventSource.Dsn, ReportKind.Bounce, evidence, now);
        }
        message.RecordFeedback(hard ? MessageEventType.HardBounced : MessageEventType.SoftBounced, EventSource.Dsn, evidence, now, line.Reason.ToString());
        if (hard)
        {
            await SuppressionList.StageAsync(db, new Suppression(message.AccountId, MailboxAddress.Parse(message.To).Address, SuppressionReason.HardBounce, evidence, message.Id, now), ct);
        }

        return new FeedbackOutcome(ReportKind.Bounce, message.Id, hard ? MessageEventType.HardBounced : MessageEventType.SoftBounced, hard, evidence);
    }

    private async Task<FeedbackOutcome> ComplaintAsync(SmartSenderDbContext db, ComplaintReport complaint, IReadOnlyCollection<string> envelope, CancellationToken ct)
    {
        if (await FindAsync(db, envelope, complaint.Original, ct) is not var (message, bound))
        {
            return FeedbackOutcome.Ignored(ReportKind.Feedback, null, "complaint about no message of ours");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (NotComplaints.Contains(complaint.FeedbackType))
        {
            message.RecordFeedback(MessageEventType.Reported, EventSource.Arf, $"{complaint.Evidence} (not a complaint)", now);
            return new FeedbackOutcome(ReportKind.Feedback, message.Id, MessageEventType.Reported, false, $"{complaint.FeedbackType} report: not a complaint");
        }

        if (!bound)
        {
            return Unverified(message, EventSource.Arf, ReportKind.Feedback, complaint.Evidence, now);
        }
        message.RecordFeedback(MessageEventType.Complained, EventSource.Arf, complaint.Evidence, now);
        await SuppressionList.StageAsync(db, new Suppression(message.AccountId, MailboxAddress.Parse(message.To).Address, SuppressionReason.Complaint, complaint.Evidence, message.Id, now), ct);
        return new FeedbackOutcome(ReportKind.Feedback, message.Id, MessageEventType.Complained, true, complaint.Evidence);
    }

    private async Task<FeedbackOutcome> NoticeAsync(SmartSenderDbContext db, BounceReport verdict, IReadOnlyCollection<string> envelope, CancellationToken ct)
    {
        if (await FindAsync(db, envelope, verdict.OriginalHeaders, ct) is not var (message, bound) || !bound
            || verdict.Recipients.FirstOrDefault(r => r.Status?.StartsWith('2') == true) is not { } delivered)
        {
            return FeedbackOutcome.Ignored(ReportKind.Notice, null, "notice about no message of ours");
        }

        message.RecordFeedback(MessageEventType.DeliveryConfirmed, EventSource.Dsn, $"{delivered.Status}: {delivered.Diagnostic}", clock.GetUtcNow().UtcDateTime);
        return new FeedbackOutcome(ReportKind.Notice, message.Id, MessageEventType.DeliveryConfirmed, false, "delivered");
    }

    private Task<(Message Message, bool Bound)?> FindAsync(SmartSenderDbContext db, IReadOnlyCollection<string> envelope, HeaderList? returned, CancellationToken ct) =>
        OriginalMessage.FindAsync(db, envelope, returned, inbound.Value.FeedbackAddresses, ct);

    /// <summary>A report that names the message but is not bound to it: kept as evidence, changing nothing.</summary>
    private static FeedbackOutcome Unverified(Message message, EventSource source, ReportKind kind, string evidence, DateTime now)
    {
        var kept = $"unverified: not sent to the message's return path or a feedback-loop address; {evidence}";
        message.RecordFeedback(MessageEventType.Reported, source, kept, now);
        return new FeedbackOutcome(kind, message.Id, MessageEventType.Reported, false, kept);
    }
}
