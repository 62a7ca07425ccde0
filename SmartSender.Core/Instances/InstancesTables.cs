using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Instances;

/// <summary>
/// Instances's tables on the one context (<c>db.Instances</c>): declared here, beside their entities, so that the context in
/// Persistence names no feature. Inside a query's lambda (an expression tree) write <c>db.Set&lt;T&gt;()</c> instead.
/// </summary>
public static class InstancesTables
{
    extension(SmartSenderDbContext db)
    {
        public DbSet<InstanceRecord> Instances => db.Set<InstanceRecord>();
    }
}
