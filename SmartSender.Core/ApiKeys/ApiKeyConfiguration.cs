using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartSender.Core.Accounts;

namespace SmartSender.Core.ApiKeys;

public class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("ApiKeys");
        builder.Property(k => k.Name).HasMaxLength(ApiKeyService.MaxNameLength).IsRequired();
        builder.Property(k => k.Prefix).HasMaxLength(16).IsRequired();
        builder.Property(k => k.Hash).HasMaxLength(64).IsRequired();
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.HasIndex(k => new { k.AccountId, k.CreatedAt });
        builder.HasOne<Account>().WithMany().HasForeignKey(k => k.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(k => k.IsActive);
        builder.Ignore(k => k.Limits);
        builder.Property(k => k.AllowedDomains).HasMaxLength(2000);
        builder.Property(k => k.AllowedNetworks).HasMaxLength(2000);
    }
}
