using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.ContentReview;

/// <summary>
/// Reviews a message about to be queued with the built-in rules, adds spamd's score where one is configured, and
/// keeps each refusal as a failed content review of the account.
/// </summary>
public sealed class ContentReviews(
    ContentReviewer reviewer, SpamdClient spamd, IOptions<ContentReviewOptions> options, IDbContextFactory<SmartSenderDbContext> contexts, TimeProvider clock)
{
    /// <param name="from">The validated From address, display name and all.</param>
    /// <param name="to">The validated recipient.</param>
    public async Task<ContentVerdict> ReviewAsync(ContentInput input, string from, string to, CancellationToken ct = default)
    {
        var verdict = reviewer.Review(input);
        if (!spamd.Configured || await spamd.CheckAsync(AsMime(input, MailboxAddress.Parse(from), to), ct) is not { } hit)
        {
            return verdict;
        }

        var score = verdict.Score + hit.Score;
        return new ContentVerdict(score, [.. verdict.Hits, hit], score >= options.Value.RejectScore);
    }

    /// <summary>The message as spamd reads it: the headers a sent message has, and its text and HTML parts.</summary>
    private MimeMessage AsMime(ContentInput input, MailboxAddress from, string to)
    {
        var body = new BodyBuilder { TextBody = input.Text, HtmlBody = input.Html };
        var message = new MimeMessage([from], [MailboxAddress.Parse(to)], input.Subject, body.ToMessageBody())
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
