using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Suppressions;

/// <summary>
/// Suppressions's tables on the one context (<c>db.Suppressions</c>, <c>db.SuppressionRemovals</c>): declared here, beside their entities, so that the context in
/// Persistence names no feature. Inside a query's lambda (an expression tree) write <c>db.Set&lt;T&gt;()</c> instead.
/// </summary>
public static class SuppressionsTables
{
    extension(SmartSenderDbContext db)
    {
        public DbSet<Suppression> Suppressions => db.Set<Suppression>();

        public DbSet<SuppressionRemoval> SuppressionRemovals => db.Set<SuppressionRemoval>();
    }
}
