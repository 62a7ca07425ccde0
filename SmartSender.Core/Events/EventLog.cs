using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Events;

/// <summary>An account's events across its messages, newest first, with cursor paging (stable while new events arrive).</summary>
public sealed class EventLog(IDbContextFactory<SmartSenderDbContext> contexts)
{
    public const int MaxLimit = 500;

    public async Task<EventPage> ListAsync(Guid accountId, EventQuery query, CancellationToken ct = default)
    {
        var limit = Math.Clamp(query.Limit, 1, MaxLimit);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var events = from e in db.MessageEvents.AsNoTracking()
                     join m in db.Messages.AsNoTracking() on e.MessageId equals m.Id
                     where m.AccountId == accountId
                     select new { e, m.To };
        if (query.Types is { Count: > 0 } types)
        {
            events = events.Where(x => types.Contains(x.e.Type));
        }

        if (query.MessageId is { } messageId)
        {
            events = events.Where(x => x.e.MessageId == messageId);
        }

        if (!string.IsNullOrWhiteSpace(query.Recipient))
        {
            var recipient = query.Recipient.Trim().ToLower();
            events = events.Where(x => x.To.ToLower().Contains(recipient));
        }

        if (query.From is { } from)
        {
            events = events.Where(x => x.e.OccurredAt >= from);
        }

        if (query.To is { } to)
        {
            events = events.Where(x => x.e.OccurredAt < to);
        }

        if (query.Before is { } before)
        {
            events = events.Where(x => x.e.Id < before);
        }

        var rows = await events.OrderByDescending(x => x.e.Id).Take(limit + 1)
            .Select(x => new EventRecord(x.e.Id, x.e.MessageId, x.To, x.e.Type, x.e.Source, x.e.Machine, x.e.OccurredAt, x.e.Detail))
            .ToListAsync(ct);
        return rows.Count > limit ? new EventPage(rows[..limit], rows[limit - 1].Id) : new EventPage(rows, null);
    }
}
