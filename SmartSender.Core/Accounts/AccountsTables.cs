using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Accounts;

/// <summary>
/// Accounts's tables on the one context (<c>db.Accounts</c>): declared here, beside their entities, so that the context in
/// Persistence names no feature. Inside a query's lambda (an expression tree) write <c>db.Set&lt;T&gt;()</c> instead.
/// </summary>
public static class AccountsTables
{
    extension(SmartSenderDbContext db)
    {
        public DbSet<Account> Accounts => db.Set<Account>();
    }
}
