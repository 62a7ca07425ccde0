using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.ApiKeys;

/// <summary>
/// ApiKeys's tables on the one context (<c>db.ApiKeys</c>): declared here, beside their entities, so that the context in
/// Persistence names no feature. Inside a query's lambda (an expression tree) write <c>db.Set&lt;T&gt;()</c> instead.
/// </summary>
public static class ApiKeysTables
{
    extension(SmartSenderDbContext db)
    {
        public DbSet<ApiKey> ApiKeys => db.Set<ApiKey>();
    }
}
