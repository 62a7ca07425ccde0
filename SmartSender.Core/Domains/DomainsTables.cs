using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Domains;

/// <summary>
/// Domains's tables on the one context (<c>db.SendingDomains</c>): declared here, beside their entities, so that the context in
/// Persistence names no feature. Inside a query's lambda (an expression tree) write <c>db.Set&lt;T&gt;()</c> instead.
/// </summary>
public static class DomainsTables
{
    extension(SmartSenderDbContext db)
    {
        public DbSet<SendingDomain> SendingDomains => db.Set<SendingDomain>();
    }
}
