using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Analytics.Rollups;

public class HourlyRollupConfiguration : IEntityTypeConfiguration<HourlyRollup>
{
    public void Configure(EntityTypeBuilder<HourlyRollup> builder) => RollupConfiguration.Configure(builder.ToTable("HourlyRollups"));
}

public class DailyRollupConfiguration : IEntityTypeConfiguration<DailyRollup>
{
    public void Configure(EntityTypeBuilder<DailyRollup> builder) => RollupConfiguration.Configure(builder.ToTable("DailyRollups"));
}

public class HourlyTotalConfiguration : IEntityTypeConfiguration<HourlyTotal>
{
    public void Configure(EntityTypeBuilder<HourlyTotal> builder) => RollupConfiguration.ConfigureTotals(builder.ToTable("HourlyTotals"));
}

public class DailyTotalConfiguration : IEntityTypeConfiguration<DailyTotal>
{
    public void Configure(EntityTypeBuilder<DailyTotal> builder) => RollupConfiguration.ConfigureTotals(builder.ToTable("DailyTotals"));
}

internal static class RollupConfiguration
{
    /// <summary>
    /// One row per slice and writer, keyed by them. The key leads with account, tag and bucket, the dashboard's equality and
    /// range, so a chart's query is one range scan; the upsert finds its row through the same key.
    /// </summary>
    public static void Configure<T>(EntityTypeBuilder<T> builder)
        where T : Rollup
    {
        builder.Property(r => r.Tag).HasMaxLength(64);
        builder.Property(r => r.Domain).HasMaxLength(253);
        builder.Property(r => r.Provider).HasMaxLength(100);
        builder.Property(r => r.Reason).HasMaxLength(32);
        builder.Property(r => r.Link).HasMaxLength(MessageEvent.MaxLink);
        builder.Property(r => r.Writer).HasDefaultValue((short)0);
        builder.HasKey(r => new { r.AccountId, r.Tag, r.Bucket, r.Type, r.Machine, r.Domain, r.Provider, r.Writer, r.Stream, r.TemplateId, r.CampaignId, r.Reason, r.Link });
    }

    public static void ConfigureTotals<T>(EntityTypeBuilder<T> builder)
        where T : TotalRollup
    {
        builder.Property(r => r.Tag).HasMaxLength(64);
        builder.Property(r => r.Domain).HasMaxLength(253);
        builder.Property(r => r.Provider).HasMaxLength(100);
        builder.Property(r => r.Writer).HasDefaultValue((short)0);
        builder.HasKey(r => new { r.AccountId, r.Tag, r.Bucket, r.Type, r.Machine, r.Domain, r.Provider, r.Writer });
    }
}
