using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Retention;

/// <summary>
/// Deletes the content of messages older than their account's retention (<see cref="Accounts.Account.ContentRetentionDays"/>,
/// else <see cref="RetentionOptions.ContentDays"/>): bodies and attachments go, the message's metadata, events and
/// statistics stay, and <see cref="Message.ContentRemovedAt"/> says when. Mail still waiting to be sent keeps its
/// content. Runs in batches of <see cref="RetentionOptions.BatchSize"/>, each its own short write.
/// </summary>
public sealed class ContentRetention(
    IDbContextFactory<SmartSenderDbContext> contexts, IOptions<RetentionOptions> options, TimeProvider clock, Tracking.MessageLinks links)
{
    private static readonly MessageStatus[] Waiting = [MessageStatus.Queued, MessageStatus.Held];

    /// <summary>Clears every message past its account's retention; returns how many.</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<(Guid Id, int? Days)> accounts;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            accounts = [.. (await db.Accounts.AsNoTracking().Select(a => new { a.Id, a.ContentRetentionDays }).ToListAsync(ct)).Select(a => (a.Id, a.ContentRetentionDays))];
        }

        var cleared = 0;
        foreach (var (accountId, days) in accounts)
        {
            var cutoff = now.AddDays(-(days ?? options.Value.ContentDays));
            int batch;
            do
            {
                batch = await ClearAsync(db => db.Messages.Where(m => m.AccountId == accountId && m.CreatedAt < cutoff && m.ContentRemovedAt == null && !Waiting.Contains(m.Status)), now, ct);
                cleared += batch;
            }
            while (batch == options.Value.BatchSize);
        }

        return cleared;
    }

    /// <summary>
    /// Clears the content of up to one batch of the messages <paramref name="which"/> selects; returns how many. The
    /// targets of a message's tracked links are kept (unless <paramref name="keepLinks"/> is false), so that a click in
    /// old mail still leads where it pointed.
    /// </summary>
    public async Task<int> ClearAsync(Func<SmartSenderDbContext, IQueryable<Message>> which, DateTime now, CancellationToken ct, bool keepLinks = true)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var batch = await which(db).OrderBy(m => m.CreatedAt).Take(options.Value.BatchSize).ToListAsync(ct);
        if (batch.Count == 0)
        {
            return 0;
        }

        var ids = batch.Select(m => m.Id).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var message in batch.Where(m => keepLinks && m.TrackClicks))
        {
            if (Tracking.TrackedHtml.Links(message.HtmlBody, links, message.SendingDomain) is { Count: > 0 } targets)
            {
                message.KeepTrackedLinks(targets);
            }
        }

        // The kept targets in one save (a batch of UPDATEs), then the content cleared by statement.
        await db.SaveChangesAsync(ct);
        await db.Set<MessageAttachment>().Where(a => ids.Contains(a.MessageId)).ExecuteDeleteAsync(ct);
        await db.Messages.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.TextBody, (string?)null).SetProperty(m => m.HtmlBody, (string?)null).SetProperty(m => m.ContentRemovedAt, now), ct);
        await transaction.CommitAsync(ct);
        return batch.Count;
    }
}
