using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Users;

/// <summary>
/// Users's tables on the one context (<c>db.Invitations</c>): declared here, beside their entities, so that the context in
/// Persistence names no feature. Inside a query's lambda (an expression tree) write <c>db.Set&lt;T&gt;()</c> instead.
/// </summary>
public static class UsersTables
{
    extension(SmartSenderDbContext db)
    {
        public DbSet<Invitation> Invitations => db.Set<Invitation>();
    }
}
