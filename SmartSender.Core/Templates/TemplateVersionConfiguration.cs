using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartSender.Core.Templates;

public class TemplateVersionConfiguration : IEntityTypeConfiguration<TemplateVersion>
{
    public void Configure(EntityTypeBuilder<TemplateVersion> builder)
    {
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.Subject).HasMaxLength(4000).IsRequired();
        builder.Property(v => v.SampleVariables).IsRequired();
        builder.HasIndex(v => new { v.TemplateId, v.Number }).IsUnique();
        builder.Ignore(v => v.Content);
    }
}
