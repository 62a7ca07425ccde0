using Microsoft.Extensions.Options;
using SmartSender.Core.Common;
using SmartSender.Core.Delivery;
using SmartSender.Core.Delivery.Pump;
using SmartSender.Core.Domains;
using SmartSender.Core.Templates;
using SmartSender.Core.Suppressions;

namespace SmartSender.Core.Messages;

/// <summary>
/// Accepts a message for delivery: validates it, refuses it as unsigned unless its From domain may send,
/// stores it as Queued (the queue the delivery pump takes it from), and wakes the pump. A refused message leaves nothing behind.
/// </summary>
public class MessageSubmission(
    QueueWriter queue, SendingDomainGate gate, MessageComposer composer, SuppressionList suppressions, DeliveryKick delivery,
    IOptions<DeliveryOptions> options, TimeProvider clock)
{
    public async Task<Result<Message>> SubmitAsync(Guid accountId, SendRequest request, CancellationToken ct = default)
    {
        var token = MessageToken.New();
        var checkedRequest = await CheckAsync(accountId, request, token, ct);
        if (!checkedRequest.Succeeded)
        {
            return Result<Message>.Failure(checkedRequest.Errors);
        }

        var message = Message.Queue(accountId, checkedRequest.Value!, token, clock.GetUtcNow().UtcDateTime);
        await queue.StoreAsync(message);

        // Stored is queued: the pump finds the message in the table, now or at its send time, even after a crash.
        if (message.SendAt is null || message.SendAt <= clock.GetUtcNow().UtcDateTime)
        {
            delivery.Kick();
        }

        return Result<Message>.Success(message);
    }

    /// <summary>Exactly what <see cref="SubmitAsync"/> would queue, with every rule checked, but nothing stored; links carry a preview token.</summary>
    public Task<Result<ValidSendRequest>> PreviewAsync(Guid accountId, SendRequest request, CancellationToken ct = default) =>
        CheckAsync(accountId, request, Tracking.MessageLinks.PreviewToken, ct);

    private async Task<Result<ValidSendRequest>> CheckAsync(Guid accountId, SendRequest request, string token, CancellationToken ct)
    {
        var composed = await composer.ComposeAsync(accountId, request, token, ct);

        // When the content cannot be made, the rest of the request is still checked, so every problem is reported at once.
        var content = composed.Succeeded ? composed.Value!.Request : request with { Subject = "-", Text = "-", Html = null };
        var validated = SendRequestValidator.Validate(content, clock.GetUtcNow(), options.Value.MaxAttachmentBytes);
        if (!composed.Succeeded || !validated.Succeeded)
        {
            return Result<ValidSendRequest>.Failure([.. composed.Errors, .. validated.Errors]);
        }

        // An unsubscribe stops marketing mail; a bounce, a complaint or the account's own entry stops everything.
        var to = MimeKit.MailboxAddress.Parse(validated.Value!.To).Address;
        if (await suppressions.FindAsync(accountId, to, ct) is { } suppressed
            && (suppressed.Reason != SuppressionReason.Unsubscribe || validated.Value.Stream == MessageStream.Marketing))
        {
            return new SuppressedError(to, suppressed.Reason, suppressed.CreatedAt);
        }

        var fromDomain = MimeKit.MailboxAddress.Parse(validated.Value!.From).Domain;
        var allowed = await gate.CheckAsync(accountId, fromDomain, ct);
        return allowed.Succeeded
            ? Result<ValidSendRequest>.Success(validated.Value with
            {
                TemplateVersionId = composed.Value!.TemplateVersionId,
                TemplateId = composed.Value.TemplateId,
                Tracking = composed.Value.Tracking.For(validated.Value.Stream, domainTracks: !allowed.Value!.TrackingOff),
            })
            : Result<ValidSendRequest>.Failure(allowed.Errors);
    }
}
