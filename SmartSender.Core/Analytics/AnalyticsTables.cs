using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Analytics;

/// <summary>
/// Analytics's tables on the one context (<c>db.HourlyRollups</c>, <c>db.DailyRollups</c>, <c>db.HourlyTotals</c>, <c>db.DailyTotals</c>): declared here, beside their entities, so that the context in
/// Persistence names no feature. Inside a query's lambda (an expression tree) write <c>db.Set&lt;T&gt;()</c> instead.
/// </summary>
public static class AnalyticsTables
{
    extension(SmartSenderDbContext db)
    {
        public DbSet<Rollups.HourlyRollup> HourlyRollups => db.Set<Rollups.HourlyRollup>();

        public DbSet<Rollups.DailyRollup> DailyRollups => db.Set<Rollups.DailyRollup>();

        public DbSet<Rollups.HourlyTotal> HourlyTotals => db.Set<Rollups.HourlyTotal>();

        public DbSet<Rollups.DailyTotal> DailyTotals => db.Set<Rollups.DailyTotal>();
    }
}
