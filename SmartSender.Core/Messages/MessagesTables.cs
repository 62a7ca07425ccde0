using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Messages;

/// <summary>
/// Messages's tables on the one context (<c>db.Messages</c>, <c>db.MessageEvents</c>): declared here, beside their entities, so that the context in
/// Persistence names no feature. Inside a query's lambda (an expression tree) write <c>db.Set&lt;T&gt;()</c> instead.
/// </summary>
public static class MessagesTables
{
    extension(SmartSenderDbContext db)
    {
        public DbSet<Message> Messages => db.Set<Message>();

        public DbSet<MessageEvent> MessageEvents => db.Set<MessageEvent>();
    }
}
