using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Contacts.Segments;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Campaigns;

/// <summary>A segment is in use while a campaign that is neither sent nor cancelled targets it.</summary>
public sealed class CampaignSegmentUsers(IDbContextFactory<SmartSenderDbContext> contexts) : ISegmentUsers
{
    public async Task<bool> UseAsync(Guid accountId, Guid segmentId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Campaigns.AnyAsync(
            c => c.SegmentId == segmentId && c.AccountId == accountId && c.Status != CampaignStatus.Sent && c.Status != CampaignStatus.Cancelled, ct);
    }
}
