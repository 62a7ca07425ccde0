using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.ContentReview;

/// <summary>
/// ContentReview's tables on the one context (<c>db.ContentRejections</c>): declared here, beside their entities, so that the context in
/// Persistence names no feature. Inside a query's lambda (an expression tree) write <c>db.Set&lt;T&gt;()</c> instead.
/// </summary>
public static class ContentReviewTables
{
    extension(SmartSenderDbContext db)
    {
        public DbSet<ContentRejection> ContentRejections => db.Set<ContentRejection>();
    }
}
