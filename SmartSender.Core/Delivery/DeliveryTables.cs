using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Delivery;

/// <summary>
/// Delivery's tables on the one context (<c>db.Lanes</c>): declared here, beside their entities, so that the context in
/// Persistence names no feature. Inside a query's lambda (an expression tree) write <c>db.Set&lt;T&gt;()</c> instead.
/// </summary>
public static class DeliveryTables
{
    extension(SmartSenderDbContext db)
    {
        public DbSet<Lanes.Lane> Lanes => db.Set<Lanes.Lane>();
    }
}
