using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Templates;

/// <summary>
/// Templates's tables on the one context (<c>db.Templates</c>): declared here, beside their entities, so that the context in
/// Persistence names no feature. Inside a query's lambda (an expression tree) write <c>db.Set&lt;T&gt;()</c> instead.
/// </summary>
public static class TemplatesTables
{
    extension(SmartSenderDbContext db)
    {
        public DbSet<Template> Templates => db.Set<Template>();
    }
}
