using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Closure;

/// <summary>
/// Closure's tables on the one context (<c>db.ClosureConfirmations</c>, <c>db.ExportFiles</c>, <c>db.ExportChunks</c>): declared here, beside their entities, so that the context in
/// Persistence names no feature. Inside a query's lambda (an expression tree) write <c>db.Set&lt;T&gt;()</c> instead.
/// </summary>
public static class ClosureTables
{
    extension(SmartSenderDbContext db)
    {
        public DbSet<ClosureConfirmation> ClosureConfirmations => db.Set<ClosureConfirmation>();

        public DbSet<ExportFile> ExportFiles => db.Set<ExportFile>();

        public DbSet<ExportChunk> ExportChunks => db.Set<ExportChunk>();
    }
}
