using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Idempotency;

/// <summary>
/// Idempotency's tables on the one context (<c>db.IdempotencyRecords</c>): declared here, beside their entities, so that the context in
/// Persistence names no feature. Inside a query's lambda (an expression tree) write <c>db.Set&lt;T&gt;()</c> instead.
/// </summary>
public static class IdempotencyTables
{
    extension(SmartSenderDbContext db)
    {
        public DbSet<IdempotencyRecord> IdempotencyRecords => db.Set<IdempotencyRecord>();
    }
}
