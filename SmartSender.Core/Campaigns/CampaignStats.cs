using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Campaigns;

/// <summary>A campaign's figures: messages by where they stand, people by what they did, with rates over delivered mail.</summary>
public sealed record CampaignFigures(
    int Recipients, int Queued, int Skipped, long Waiting, long Deferred, long Held, long Delivered, long Bounced, long Failed, long Cancelled,
    long Opened, long Clicked, long Unsubscribed, long Complained)
{
    public double Rate(long count) => Delivered == 0 ? 0 : (double)count / Delivered;
}

/// <summary>Delivered, opened and clicked per hour since the campaign started.</summary>
public sealed record CampaignHour(DateTime Hour, long Delivered, long Opened, long Clicked);

public sealed record CampaignLink(string Url, long Clicks, long People);

/// <summary>Reads a campaign's figures from its messages and their events (through the messages' campaign index).</summary>
public sealed class CampaignStats(IDbContextFactory<SmartSenderDbContext> contexts)
{
    public async Task<CampaignFigures> FiguresAsync(Campaign campaign, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var statuses = await db.Messages.AsNoTracking().Where(m => m.CampaignId == campaign.Id)
            .GroupBy(m => new { m.Status, Deferred = m.Attempts > 0 })
            .Select(g => new { g.Key.Status, g.Key.Deferred, Count = g.LongCount() }).ToListAsync(ct);
        long Of(MessageStatus status) => statuses.Where(s => s.Status == status).Sum(s => s.Count);
        var people = await db.MessageEvents.AsNoTracking()
            .Where(e => !e.Machine && (e.Type == MessageEventType.Opened || e.Type == MessageEventType.Clicked || e.Type == MessageEventType.Unsubscribed
                || e.Type == MessageEventType.Complained) && db.Messages.Any(m => m.Id == e.MessageId && m.CampaignId == campaign.Id))
            .GroupBy(e => e.Type).Select(g => new { Type = g.Key, People = g.Select(e => e.MessageId).Distinct().LongCount() }).ToListAsync(ct);
        long Did(MessageEventType type) => people.Where(p => p.Type == type).Sum(p => p.People);
        return new CampaignFigures(
            campaign.Recipients, campaign.Queued, campaign.Skipped,
            statuses.Where(s => s.Status == MessageStatus.Queued && !s.Deferred).Sum(s => s.Count),
            statuses.Where(s => s.Status == MessageStatus.Queued && s.Deferred).Sum(s => s.Count),
            Of(MessageStatus.Held), Of(MessageStatus.Delivered), Of(MessageStatus.Bounced), Of(MessageStatus.Failed) + Of(MessageStatus.Expired), Of(MessageStatus.Cancelled),
            Did(MessageEventType.Opened), Did(MessageEventType.Clicked), Did(MessageEventType.Unsubscribed), Did(MessageEventType.Complained));
    }

    public async Task<List<CampaignHour>> HoursAsync(Campaign campaign, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var events = await db.MessageEvents.AsNoTracking()
            .Where(e => !e.Machine && (e.Type == MessageEventType.Delivered || e.Type == MessageEventType.Opened || e.Type == MessageEventType.Clicked)
                && db.Messages.Any(m => m.Id == e.MessageId && m.CampaignId == campaign.Id))
            .Select(e => new { e.Type, e.OccurredAt }).ToListAsync(ct);
        return [.. events.GroupBy(e => new DateTime(e.OccurredAt.Year, e.OccurredAt.Month, e.OccurredAt.Day, e.OccurredAt.Hour, 0, 0, DateTimeKind.Utc))
            .OrderBy(g => g.Key)
            .Select(g => new CampaignHour(g.Key, g.LongCount(e => e.Type == MessageEventType.Delivered), g.LongCount(e => e.Type == MessageEventType.Opened),
                g.LongCount(e => e.Type == MessageEventType.Clicked)))];
    }

    public async Task<List<CampaignLink>> TopLinksAsync(Campaign campaign, int count = 10, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.MessageEvents.AsNoTracking()
            .Where(e => e.Type == MessageEventType.Clicked && !e.Machine && e.Link != null && db.Messages.Any(m => m.Id == e.MessageId && m.CampaignId == campaign.Id))
            .GroupBy(e => e.Link!).Select(g => new { Url = g.Key, Clicks = g.LongCount(), People = g.Select(e => e.MessageId).Distinct().LongCount() })
            .OrderByDescending(l => l.Clicks).Take(count).Select(l => new CampaignLink(l.Url, l.Clicks, l.People)).ToListAsync(ct);
    }
}
