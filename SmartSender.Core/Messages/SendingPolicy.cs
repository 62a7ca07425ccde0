using SmartSender.Core.Common;
using SmartSender.Core.ContentReview;
using SmartSender.Core.Domains;
using SmartSender.Core.Quota;
using SmartSender.Core.Suppressions;

namespace SmartSender.Core.Messages;

/// <summary>
/// The account's rules for a valid message, in order: the recipient is not suppressed, the From domain may send
/// (else <c>unsigned</c>), the content passes review (else <c>content</c>), and the quota has room (else 429; or <c>account_closed</c> once support closed the account, read with the quota).
/// </summary>
public sealed class SendingPolicy(SuppressionList suppressions, SendingDomainGate gate, ContentReviews content, AccountQuota quota)
{
    /// <summary>The request as it will be queued, with the review's verdict and the tracking its domain allows; and the quota it used.</summary>
    public async Task<Result<(ValidSendRequest Request, QuotaStanding Quota)>> CheckAsync(
        Guid accountId, ValidSendRequest request, ComposedMessage composed, bool submitting, CancellationToken ct)
    {
        // An unsubscribe stops marketing mail; a bounce, a complaint or the account's own entry stops everything.
        var to = MimeKit.MailboxAddress.Parse(request.To).Address;
        if (await suppressions.ReasonAsync(accountId, to, ct) is { } suppressed
            && (suppressed.Reason != SuppressionReason.Unsubscribe || request.Stream == MessageStream.Marketing))
        {
            return new SuppressedError(to, suppressed.Reason, suppressed.CreatedAt);
        }

        var allowed = await gate.CheckAsync(accountId, MimeKit.MailboxAddress.Parse(request.From).Domain, ct);
        if (!allowed.Succeeded)
        {
            return Result<(ValidSendRequest, QuotaStanding)>.Failure(allowed.Errors);
        }

        var verdict = await content.ReviewAsync(request, composed.UnsubscribeUrl, ct);
        if (verdict.Rejected)
        {
            if (submitting)
            {
                await content.RecordRejectionAsync(accountId, verdict, ct);
            }

            return new ContentRejectedError(verdict);
        }

        var room = await quota.CheckAsync(accountId, take: submitting, ct);
        if (!room.Succeeded)
        {
            return Result<(ValidSendRequest, QuotaStanding)>.Failure(room.Errors);
        }

        return Result<(ValidSendRequest, QuotaStanding)>.Success((request with
        {
            TemplateVersionId = composed.TemplateVersionId,
            TemplateId = composed.TemplateId,
            Tracking = composed.Tracking.For(request.Stream, domainTracks: !allowed.Value!.TrackingOff),
            Review = verdict,
        }, room.Value!));
    }

    /// <summary>After the message was queued: the quota warning, when due.</summary>
    public Task QueuedAsync(QuotaStanding before, CancellationToken ct) => quota.NoteQueuedAsync(before, ct);
}
