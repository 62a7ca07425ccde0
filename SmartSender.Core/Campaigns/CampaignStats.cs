using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Analytics;
using SmartSender.Core.Analytics.Rollups;
using SmartSender.Core.Common;
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

/// <summary>Reads a campaign's figures: where its messages stand from their campaign index, what people did from the campaign's rollups.</summary>
public sealed class CampaignStats(IDbContextFactory<SmartSenderDbContext> contexts)
{
    public async Task<CampaignFigures> FiguresAsync(Campaign campaign, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // Grouped by the index's own columns, so the index is read in order and nothing else.
        var statuses = (await db.Messages.AsNoTracking().Where(m => m.CampaignId == campaign.Id)
            .GroupBy(m => new { m.Status, m.Attempts })
            .Select(g => new { g.Key.Status, g.Key.Attempts, Count = g.LongCount() }).ToListAsync(ct))
            .Select(g => new { g.Status, Deferred = g.Attempts > 0, g.Count }).ToList();
        long Of(MessageStatus status) => statuses.Where(s => s.Status == status).Sum(s => s.Count);
        // People, not events: the first human open and click of each message are the rollups' uniques.
        var people = await RollupsOf(db, campaign)
            .Where(r => r.Type == MessageEventType.Opened || r.Type == MessageEventType.Clicked || r.Type == MessageEventType.Unsubscribed || r.Type == MessageEventType.Complained)
            .GroupBy(r => r.Type).Select(g => new { Type = g.Key, Count = g.Sum(r => r.Count), Uniques = g.Sum(r => r.Uniques) }).ToListAsync(ct);
        long Did(MessageEventType type) => people.Where(p => p.Type == type)
            .Sum(p => type is MessageEventType.Opened or MessageEventType.Clicked ? p.Uniques : p.Count);
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
        var hours = await RollupsOf(db, campaign)
            .Where(r => r.Type == MessageEventType.Delivered || r.Type == MessageEventType.Opened || r.Type == MessageEventType.Clicked)
            .GroupBy(r => new { r.Bucket, r.Type }).Select(g => new { g.Key.Bucket, g.Key.Type, Count = g.Sum(r => r.Count) }).ToListAsync(ct);
        return [.. hours.GroupBy(h => h.Bucket).OrderBy(g => g.Key)
            .Select(g => new CampaignHour(DateTime.SpecifyKind(g.Key, DateTimeKind.Utc), g.Where(h => h.Type == MessageEventType.Delivered).Sum(h => h.Count),
                g.Where(h => h.Type == MessageEventType.Opened).Sum(h => h.Count), g.Where(h => h.Type == MessageEventType.Clicked).Sum(h => h.Count)))];
    }

    /// <summary>The campaign's hourly rollups of human events (all tags together), from the hour it started.</summary>
    private static IQueryable<HourlyRollup> RollupsOf(SmartSenderDbContext db, Campaign campaign)
    {
        var from = campaign.StartedAt is { } s ? new DateTime(s.Year, s.Month, s.Day, s.Hour, 0, 0, DateTimeKind.Utc) : DateTime.MaxValue;
        var (accountId, campaignId) = (campaign.AccountId, campaign.Id);
        return db.HourlyRollups.AsNoTracking().Where(r => r.AccountId == accountId && r.Tag == "" && r.Bucket >= from && r.CampaignId == campaignId && !r.Machine);
    }

    public async Task<List<CampaignLink>> TopLinksAsync(Campaign campaign, int count = 10, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await RollupsOf(db, campaign).AnyAsync(r => r.Type == MessageEventType.Clicked, ct))
        {
            // No click yet (the rollups say so cheaply): the events need not be read.
            return [];
        }

        return await db.MessageEvents.AsNoTracking()
            .Where(e => e.Type == MessageEventType.Clicked && !e.Machine && e.Link != null && db.Set<Message>().Any(m => m.Id == e.MessageId && m.CampaignId == campaign.Id))
            .GroupBy(e => e.Link!).Select(g => new { Url = g.Key, Clicks = g.LongCount(), People = g.Select(e => e.MessageId).Distinct().LongCount() })
            .OrderByDescending(l => l.Clicks).Take(count).Select(l => new CampaignLink(l.Url, l.Clicks, l.People)).ToListAsync(ct);
    }
}
