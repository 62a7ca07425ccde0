using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartSender.Core.Accounts;

namespace SmartSender.Core.Domains;

public class SendingDomainConfiguration : IEntityTypeConfiguration<SendingDomain>
{
    public void Configure(EntityTypeBuilder<SendingDomain> builder)
    {
        builder.ToTable("SendingDomains");
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Name).HasMaxLength(253).IsRequired();
        builder.Property(d => d.OwnershipToken).HasMaxLength(64).IsRequired();

        // A name may wait for its proof in several accounts, but only one account can have proved it owns the name.
        builder.HasIndex(d => d.Name).IsUnique().HasFilter("\"OwnedSince\" IS NOT NULL");
        builder.HasIndex(d => new { d.AccountId, d.Name }).IsUnique();
        builder.HasOne<Account>().WithMany().HasForeignKey(d => d.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(d => d.Keys).WithOne().HasForeignKey(k => k.DomainId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.Checks).WithOne().HasForeignKey(c => c.DomainId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.History).WithOne().HasForeignKey(h => h.DomainId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(d => d.Keys).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(d => d.Checks).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(d => d.History).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(d => d.CanSend);
        builder.Ignore(d => d.SigningKeys);
        builder.Ignore(d => d.PublishedKeys);
    }
}
