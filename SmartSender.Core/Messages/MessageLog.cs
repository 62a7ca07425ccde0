using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Messages;

/// <summary>
/// Reads an account's messages for the dashboard and the API; never another account's.
/// Each call uses its own short-lived context, so overlapping calls from one circuit are safe.
/// </summary>
public class MessageLog(IDbContextFactory<SmartSenderDbContext> contexts)
{
    public const int MaxPageSize = 100;

    /// <summary>Counting stops here: past it the log says "more than", so a broad filter over millions of messages stays quick.</summary>
    public const int CountLimit = 10_000;

    /// <summary>The filtered messages, newest first, paged in the database.</summary>
    public async Task<MessagePage> ListAsync(Guid accountId, MessageFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(page, 0);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = Filtered(db, accountId, filter);
        // Counted newest first, like the pages, so a filter on recent activity stops early rather than reading the oldest mail first.
        var total = await query.OrderByDescending(m => m.CreatedAt).Take(CountLimit + 1).CountAsync(ct);
        var items = await Summaries(query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Skip(page * pageSize).Take(pageSize))
            .ToListAsync(ct);
        return new MessagePage(items, Math.Min(total, CountLimit), total > CountLimit);
    }

    /// <summary>
    /// The filtered messages newest first, <paramref name="limit"/> at a time after <paramref name="after"/> (keyset
    /// paging: a page never repeats or skips a message when new ones arrive meanwhile); the cursor of the next page, or
    /// null at the end.
    /// </summary>
    public async Task<(IReadOnlyList<MessageSummary> Items, MessageCursor? Next)> PageAsync(
        Guid accountId, MessageFilter filter, MessageCursor? after, int limit, CancellationToken ct = default)
    {
        limit = Math.Clamp(limit, 1, MaxPageSize);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = Filtered(db, accountId, filter);
        if (after is { } cursor)
        {
            query = query.Where(m => m.CreatedAt < cursor.CreatedAt || (m.CreatedAt == cursor.CreatedAt && m.Id.CompareTo(cursor.Id) < 0));
        }

        var items = await Summaries(query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(limit + 1)).ToListAsync(ct);
        return items.Count > limit
            ? (items[..limit], new MessageCursor(items[limit - 1].CreatedAt, items[limit - 1].Id))
            : (items, null);
    }

    /// <summary>The message with its attachments, for its stored content.</summary>
    public async Task<Message?> FindWithContentAsync(Guid accountId, Guid messageId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Messages.AsNoTracking().Include(m => m.Attachments).FirstOrDefaultAsync(m => m.Id == messageId && m.AccountId == accountId, ct);
    }

    /// <summary>Every filtered message, newest first, read as it is consumed: for exports of any size.</summary>
    public async IAsyncEnumerable<MessageSummary> StreamAsync(Guid accountId, MessageFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = Summaries(Filtered(db, accountId, filter).OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)).AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(ct))
        {
            yield return row;
        }
    }

    /// <summary>The message with its timeline, oldest event first.</summary>
    public async Task<Message?> FindAsync(Guid accountId, Guid messageId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Messages.AsNoTracking()
            .Include(m => m.Events.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id))
            .FirstOrDefaultAsync(m => m.Id == messageId && m.AccountId == accountId, ct);
    }

    private static IQueryable<MessageSummary> Summaries(IQueryable<Message> messages) => messages.Select(m => new MessageSummary(
        m.Id, m.From, m.To, m.Subject, m.Status, m.CreatedAt, m.UpdatedAt, m.LastReply)
    {
        Domain = m.SendingDomain,
        Provider = m.Provider,
        Stream = m.Stream,
        TemplateId = m.TemplateId,
        TagsJson = m.TagsJson,
        Attempts = m.Attempts,
        NextAttemptAt = m.NextAttemptAt,
        Test = m.Test,
    });

    private static IQueryable<Message> Filtered(SmartSenderDbContext db, Guid accountId, MessageFilter filter)
    {
        var query = db.Messages.AsNoTracking().Where(m => m.AccountId == accountId);
        if (filter.Status is { } status)
        {
            query = query.Where(m => m.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(filter.Recipient))
        {
            var part = filter.Recipient.Trim().ToLowerInvariant();
            query = query.Where(m => m.To.ToLower().Contains(part));
        }

        if (filter.Domain is { } domain)
        {
            query = query.Where(m => m.SendingDomain == domain);
        }

        if (filter.Provider is { } provider)
        {
            query = provider.Length == 0 ? query.Where(m => m.Provider == null) : query.Where(m => m.Provider == provider);
        }

        if (filter.CampaignId is { } campaign)
        {
            query = query.Where(m => m.CampaignId == campaign);
        }

        if (filter.TemplateId is { } template)
        {
            query = query.Where(m => m.TemplateId == template);
        }

        if (filter.Stream is { } stream)
        {
            query = query.Where(m => m.Stream == stream);
        }

        if (!string.IsNullOrWhiteSpace(filter.Tag))
        {
            // Tags are stored as a JSON array of strings; a tag matches as a whole quoted element.
            var quoted = System.Text.Json.JsonSerializer.Serialize(filter.Tag.Trim());
            query = query.Where(m => m.TagsJson != null && m.TagsJson.Contains(quoted));
        }

        if (filter.MetadataKey is { Length: > 0 } key)
        {
            // Metadata is stored as one JSON object written by the same serializer: a pair matches as its exact text.
            var pair = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { [key] = filter.MetadataValue ?? "" })[1..^1];
            query = query.Where(m => m.MetadataJson != null && m.MetadataJson.Contains(pair));
        }

        if (filter.Outcome is { } outcome)
        {
            var types = MessageFilter.EventsOf(outcome);
            var (from, to) = (filter.From ?? DateTime.MinValue, filter.To ?? DateTime.MaxValue);

            // Nothing happens to a message before it is created.
            query = query.Where(m => m.CreatedAt < to);
            query = query.Where(m => db.Set<MessageEvent>().Any(e => e.MessageId == m.Id && types.Contains(e.Type) && e.OccurredAt >= from && e.OccurredAt < to
                && (outcome != MessageOutcome.Opened && outcome != MessageOutcome.Clicked || !e.Machine)));
        }
        else
        {
            if (filter.From is { } from)
            {
                query = query.Where(m => m.CreatedAt >= from);
            }

            if (filter.To is { } to)
            {
                query = query.Where(m => m.CreatedAt < to);
            }
        }

        return query;
    }
}
