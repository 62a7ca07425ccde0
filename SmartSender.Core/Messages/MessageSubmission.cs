using Hangfire;
using Microsoft.Extensions.Options;
using SmartSender.Core.Common;
using SmartSender.Core.Delivery;
using SmartSender.Core.Domains;
using SmartSender.Core.Templates;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Messages;

/// <summary>
/// Accepts a message for delivery: validates it, refuses it as unsigned unless its From domain may send,
/// stores it as Queued, and hands its id to the delivery job. A refused message leaves nothing behind.
/// </summary>
public class MessageSubmission(
    SmartSenderDbContext db, SendingDomainGate gate, TemplateComposer composer, IBackgroundJobClient jobs, IOptions<DeliveryOptions> options, TimeProvider clock)
{
    public async Task<Result<Message>> SubmitAsync(Guid accountId, SendRequest request, CancellationToken ct = default)
    {
        var composed = await composer.ComposeAsync(accountId, request, ct);
        if (!composed.Succeeded)
        {
            return Result<Message>.Failure(composed.Errors);
        }

        var (effective, versionId) = composed.Value;
        var validated = SendRequestValidator.Validate(effective, clock.GetUtcNow(), options.Value.MaxAttachmentBytes);
        if (!validated.Succeeded)
        {
            return Result<Message>.Failure(validated.Errors);
        }

        var fromDomain = MimeKit.MailboxAddress.Parse(validated.Value!.From).Domain;
        var allowed = await gate.CheckAsync(accountId, fromDomain, ct);
        if (!allowed.Succeeded)
        {
            return Result<Message>.Failure(allowed.Errors);
        }

        var message = Message.Queue(accountId, validated.Value! with { TemplateVersionId = versionId }, clock.GetUtcNow().UtcDateTime);
        db.Messages.Add(message);
        await db.SaveChangesAsync(ct);

        // Stored first, then enqueued: the job only ever sees committed messages.
        if (message.SendAt is { } due && due > clock.GetUtcNow().UtcDateTime)
        {
            jobs.Schedule<DeliverMessageJob>(job => job.RunAsync(message.Id, CancellationToken.None), new DateTimeOffset(due, TimeSpan.Zero));
        }
        else
        {
            jobs.Enqueue<DeliverMessageJob>(job => job.RunAsync(message.Id, CancellationToken.None));
        }
        return Result<Message>.Success(message);
    }
}
