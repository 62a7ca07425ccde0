using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Webhooks;

/// <summary>
/// Webhooks's tables on the one context (<c>db.WebhookEndpoints</c>, <c>db.WebhookDeliveries</c>, <c>db.WebhookCursors</c>): declared here, beside their entities, so that the context in
/// Persistence names no feature. Inside a query's lambda (an expression tree) write <c>db.Set&lt;T&gt;()</c> instead.
/// </summary>
public static class WebhooksTables
{
    extension(SmartSenderDbContext db)
    {
        public DbSet<WebhookEndpoint> WebhookEndpoints => db.Set<WebhookEndpoint>();

        public DbSet<WebhookDelivery> WebhookDeliveries => db.Set<WebhookDelivery>();

        public DbSet<WebhookCursor> WebhookCursors => db.Set<WebhookCursor>();
    }
}
