using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Audit;

/// <summary>
/// Audit's tables on the one context (<c>db.AuditEntries</c>): declared here, beside their entities, so that the context in
/// Persistence names no feature. Inside a query's lambda (an expression tree) write <c>db.Set&lt;T&gt;()</c> instead.
/// </summary>
public static class AuditTables
{
    extension(SmartSenderDbContext db)
    {
        public DbSet<AuditEntry> AuditEntries => db.Set<AuditEntry>();
    }
}
