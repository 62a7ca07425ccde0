using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartSender.Core.Closure;

public class ExportFileConfiguration : IEntityTypeConfiguration<ExportFile>
{
    public void Configure(EntityTypeBuilder<ExportFile> builder)
    {
        builder.ToTable("ExportFiles");
        builder.HasKey(f => f.AccountId);
    }
}

public class ExportChunkConfiguration : IEntityTypeConfiguration<ExportChunk>
{
    public void Configure(EntityTypeBuilder<ExportChunk> builder)
    {
        builder.ToTable("ExportChunks");
        builder.HasKey(c => new { c.Generation, c.Sequence });
    }
}
