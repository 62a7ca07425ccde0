using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Campaigns;

/// <summary>
/// Campaigns's tables on the one context (<c>db.Campaigns</c>, <c>db.CampaignRecipients</c>): declared here, beside their entities, so that the context in
/// Persistence names no feature. Inside a query's lambda (an expression tree) write <c>db.Set&lt;T&gt;()</c> instead.
/// </summary>
public static class CampaignsTables
{
    extension(SmartSenderDbContext db)
    {
        public DbSet<Campaign> Campaigns => db.Set<Campaign>();

        public DbSet<CampaignRecipient> CampaignRecipients => db.Set<CampaignRecipient>();
    }
}
