using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Blocklists;

/// <summary>
/// Blocklists's tables on the one context (<c>db.BlocklistListings</c>): declared here, beside their entities, so that the context in
/// Persistence names no feature. Inside a query's lambda (an expression tree) write <c>db.Set&lt;T&gt;()</c> instead.
/// </summary>
public static class BlocklistsTables
{
    extension(SmartSenderDbContext db)
    {
        public DbSet<BlocklistListing> BlocklistListings => db.Set<BlocklistListing>();
    }
}
