using Hangfire;
using SmartSender.Core.Common;
using SmartSender.Core.Delivery;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Messages;

/// <summary>Accepts a message for delivery: validates, stores it as Queued, and hands its id to the delivery job.</summary>
public class MessageSubmission(SmartSenderDbContext db, IBackgroundJobClient jobs, TimeProvider clock)
{
    public async Task<Result<Message>> SubmitAsync(Guid accountId, SendRequest request, CancellationToken ct = default)
    {
        var validated = SendRequestValidator.Validate(request);
        if (!validated.Succeeded)
        {
            return Result<Message>.Failure(validated.Errors);
        }

        var message = Message.Queue(accountId, validated.Value!, clock.GetUtcNow().UtcDateTime);
        db.Messages.Add(message);
        await db.SaveChangesAsync(ct);

        // Stored first, then enqueued: the job only ever sees committed messages.
        jobs.Enqueue<DeliverMessageJob>(job => job.RunAsync(message.Id, CancellationToken.None));
        return Result<Message>.Success(message);
    }
}
