using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Reputation;

/// <summary>
/// Reputation's tables on the one context (<c>db.ReputationChanges</c>): declared here, beside their entities, so that the context in
/// Persistence names no feature. Inside a query's lambda (an expression tree) write <c>db.Set&lt;T&gt;()</c> instead.
/// </summary>
public static class ReputationTables
{
    extension(SmartSenderDbContext db)
    {
        public DbSet<ReputationChange> ReputationChanges => db.Set<ReputationChange>();
    }
}
