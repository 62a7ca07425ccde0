using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.ContentReview;

/// <summary>Reviews a message about to be queued, and keeps each refusal as a failed content review of the account.</summary>
public sealed class ContentReviews(ContentReviewer reviewer, IDbContextFactory<SmartSenderDbContext> contexts, TimeProvider clock)
{
    public ContentVerdict Review(ValidSendRequest request, string? unsubscribeUrl)
    {
        var from = MimeKit.MailboxAddress.Parse(request.From);
        return reviewer.Review(new ContentInput(request.Subject, request.Html, request.Text, request.Stream)
        {
            FromDisplayName = from.Name,
            FromDomain = from.Domain,
            AttachmentNames = [.. request.Attachments.Select(a => a.Filename)],
            UnsubscribeUrl = unsubscribeUrl,
        });
    }

    public async Task RecordRejectionAsync(Guid accountId, ContentVerdict verdict, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ContentRejections.Add(new ContentRejection(accountId, verdict, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
    }
}
