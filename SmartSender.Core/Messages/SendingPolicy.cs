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
        var message = await CheckMessageAsync(accountId, request, composed, submitting, ct);
        if (!message.Succeeded)
        {
            return Result<(ValidSendRequest, QuotaStanding)>.Failure(message.Errors);
        }

        // Test mail uses no quota; a closed account still sends nothing.
        var room = message.Value!.Test ? await quota.CheckOpenAsync(accountId, ct) : await quota.CheckAsync(accountId, take: submitting, ct);
        return room.Succeeded
            ? Result<(ValidSendRequest, QuotaStanding)>.Success((message.Value!, room.Value!))
            : Result<(ValidSendRequest, QuotaStanding)>.Failure(room.Errors);
    }

    /// <summary>Every rule but the quota, which a batch takes once for all its messages (<see cref="AccountQuota.ReserveAsync"/>).</summary>
    public async Task<Result<ValidSendRequest>> CheckMessageAsync(
        Guid accountId, ValidSendRequest request, ComposedMessage composed, bool submitting, CancellationToken ct)
    {
        // An unsubscribe stops marketing mail; a bounce, a complaint or the account's own entry stops everything.
        var to = MimeKit.MailboxAddress.Parse(request.To).Address;
        if (await suppressions.ReasonAsync(accountId, to, ct) is { } suppressed
            && (suppressed.Reason != SuppressionReason.Unsubscribe || request.Stream == MessageStream.Marketing))
        {
            return new SuppressedError(to, suppressed.Reason, suppressed.CreatedAt);
        }

        if (request.Test && SimulatorAddresses.OutcomeOf(to) == SimulatedOutcome.Suppressed)
        {
            return SimulatorAddresses.SuppressedError(to);
        }

        var allowed = await gate.CheckAsync(accountId, MimeKit.MailboxAddress.Parse(request.From).Domain, ct);
        if (!allowed.Succeeded)
        {
            return Result<ValidSendRequest>.Failure(allowed.Errors);
        }

        var verdict = await content.ReviewAsync(request.ForReview(composed.UnsubscribeUrl), request.From, request.To, ct);
        if (verdict.Rejected)
        {
            if (submitting && !request.Test)
            {
                await content.RecordRejectionAsync(accountId, verdict, ct);
            }

            return new ContentRejectedError(verdict);
        }

        return Result<ValidSendRequest>.Success(request with
        {
            TemplateVersionId = composed.TemplateVersionId,
            TemplateId = composed.TemplateId,
            Tracking = composed.Tracking.For(request.Stream, domainTracks: !allowed.Value!.TrackingOff),
            Review = verdict,
        });
    }

    /// <summary>Whether the account may send at all, for test mail, which uses no quota.</summary>
    public Task<Result<QuotaStanding>> CheckOpenAsync(Guid accountId, CancellationToken ct) => quota.CheckOpenAsync(accountId, ct);

    /// <summary>Room for a batch's accepted messages: see <see cref="AccountQuota.ReserveAsync"/>.</summary>
    public Task<Result<QuotaReservation>> ReserveAsync(Guid accountId, int count, CancellationToken ct) => quota.ReserveAsync(accountId, count, ct);

    /// <summary>After the message (or a batch's <paramref name="count"/>) was queued: the quota warning, when due.</summary>
    public Task QueuedAsync(QuotaStanding before, CancellationToken ct, int count = 1) => quota.NoteQueuedAsync(before, ct, count);
}
