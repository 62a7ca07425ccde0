using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;
using SmartSender.Core.Feedback.Bounces;
using SmartSender.Core.Feedback.Complaints;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Suppressions;

namespace SmartSender.Core.Feedback;

/// <summary>
/// Turns a report that came back by mail into what it means: a bounce or complaint on the message's timeline, and
/// for a hard bounce or a complaint the recipient on the account's suppression list. Auto-replies and anything that
/// is not about one of our messages change nothing.
/// </summary>
public sealed class FeedbackProcessor(
    IDbContextFactory<SmartSenderDbContext> contexts, BounceClassifier classifier, TimeProvider clock, ILogger<FeedbackProcessor> logger)
{
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
        logger.LogInformation("Report {Subject}: {Summary}", report.Subject, outcome.Summary);
        return outcome;
    }

    private async Task<FeedbackOutcome> BounceAsync(SmartSenderDbContext db, BounceReport verdict, IReadOnlyCollection<string> envelope, CancellationToken ct)
    {
        if (await OriginalMessage.FindAsync(db, envelope, verdict.OriginalHeaders, ct) is not { } message)
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
        message.RecordFeedback(hard ? MessageEventType.HardBounced : MessageEventType.SoftBounced, EventSource.Dsn, evidence, now, line.Reason.ToString());
        if (hard)
        {
            await SuppressionList.StageAsync(db, new Suppression(message.AccountId, MailboxAddress.Parse(message.To).Address, SuppressionReason.HardBounce, evidence, message.Id, now), ct);
        }

        return new FeedbackOutcome(ReportKind.Bounce, message.Id, hard ? MessageEventType.HardBounced : MessageEventType.SoftBounced, hard, evidence);
    }

    private async Task<FeedbackOutcome> ComplaintAsync(SmartSenderDbContext db, ComplaintReport complaint, IReadOnlyCollection<string> envelope, CancellationToken ct)
    {
        if (await OriginalMessage.FindAsync(db, envelope, complaint.Original, ct) is not { } message)
        {
            return FeedbackOutcome.Ignored(ReportKind.Feedback, null, "complaint about no message of ours");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        message.RecordFeedback(MessageEventType.Complained, EventSource.Arf, complaint.Evidence, now);
        await SuppressionList.StageAsync(db, new Suppression(message.AccountId, MailboxAddress.Parse(message.To).Address, SuppressionReason.Complaint, complaint.Evidence, message.Id, now), ct);
        return new FeedbackOutcome(ReportKind.Feedback, message.Id, MessageEventType.Complained, true, complaint.Evidence);
    }

    private async Task<FeedbackOutcome> NoticeAsync(SmartSenderDbContext db, BounceReport verdict, IReadOnlyCollection<string> envelope, CancellationToken ct)
    {
        if (await OriginalMessage.FindAsync(db, envelope, verdict.OriginalHeaders, ct) is not { } message
            || verdict.Recipients.FirstOrDefault(r => r.Status?.StartsWith('2') == true) is not { } delivered)
        {
            return FeedbackOutcome.Ignored(ReportKind.Notice, null, "notice about no message of ours");
        }

        message.RecordFeedback(MessageEventType.Delivered, EventSource.Dsn, $"{delivered.Status}: {delivered.Diagnostic}", clock.GetUtcNow().UtcDateTime);
        return new FeedbackOutcome(ReportKind.Notice, message.Id, MessageEventType.Delivered, false, "delivered");
    }
}
