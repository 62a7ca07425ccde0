using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Dmarc;

/// <summary>
/// Dmarc's tables on the one context (<c>db.DmarcReports</c>): declared here, beside their entities, so that the context in
/// Persistence names no feature. Inside a query's lambda (an expression tree) write <c>db.Set&lt;T&gt;()</c> instead.
/// </summary>
public static class DmarcTables
{
    extension(SmartSenderDbContext db)
    {
        public DbSet<DmarcReport> DmarcReports => db.Set<DmarcReport>();
    }
}
