using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.ContentReview;

/// <summary>
/// Reviews a message about to be queued with the built-in rules, adds spamd's score where one is configured, and
/// keeps each refusal as a failed content review of the account.
/// </summary>
public sealed class ContentReviews(
    ContentReviewer reviewer, SpamdClient spamd, IOptions<ContentReviewOptions> options, IDbContextFactory<SmartSenderDbContext> contexts, TimeProvider clock)
{
    public async Task<ContentVerdict> ReviewAsync(ValidSendRequest request, string? unsubscribeUrl, CancellationToken ct = default)
    {
        var from = MailboxAddress.Parse(request.From);
        var verdict = reviewer.Review(new ContentInput(request.Subject, request.Html, request.Text, request.Stream)
        {
            FromDisplayName = from.Name,
            FromDomain = from.Domain,
            AttachmentNames = [.. request.Attachments.Select(a => a.Filename)],
            UnsubscribeUrl = unsubscribeUrl,
        });
        if (!spamd.Configured || await spamd.CheckAsync(AsMime(request, from), ct) is not { } hit)
        {
            return verdict;
        }

        var score = verdict.Score + hit.Score;
        return new ContentVerdict(score, [.. verdict.Hits, hit], score >= options.Value.RejectScore);
    }

    /// <summary>The message as spamd reads it: the headers a sent message has, and its text and HTML parts.</summary>
    private MimeMessage AsMime(ValidSendRequest request, MailboxAddress from)
    {
        var body = new BodyBuilder { TextBody = request.Text, HtmlBody = request.Html };
        var message = new MimeMessage([from], [MailboxAddress.Parse(request.To)], request.Subject, body.ToMessageBody())
        {
            Date = clock.GetUtcNow(),
            MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(from.Domain),
        };
        return message;
    }

    public async Task RecordRejectionAsync(Guid accountId, ContentVerdict verdict, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ContentRejections.Add(new ContentRejection(accountId, verdict, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
    }
}
