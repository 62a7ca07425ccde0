using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartSender.Core.Accounts;
using SmartSender.Core.Templates;

namespace SmartSender.Core.Messages;

public class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.ToTable("Messages");
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.From).HasMaxLength(320 + 200).IsRequired();
        builder.Property(m => m.To).HasMaxLength(320 + 200).IsRequired();
        builder.Property(m => m.Subject).HasMaxLength(SendRequestValidator.MaxSubjectLength).IsRequired();
        builder.Property(m => m.LastReply).HasMaxLength(2000);
        builder.HasOne<Account>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(m => m.ReplyTo).HasMaxLength(320 + 200);

        // A version a message was rendered from can never be deleted from under it.
        builder.HasOne<TemplateVersion>().WithMany().HasForeignKey(m => m.TemplateVersionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(m => m.Attachments).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(m => m.Events).WithOne().HasForeignKey(e => e.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(m => m.Events).UsePropertyAccessMode(PropertyAccessMode.Field);

        // The message log and the Overview chart: an account's messages by creation time.
        builder.HasIndex(m => new { m.AccountId, m.CreatedAt });

        // Messages of one status, per account: the held mail of an account kept back while it is Bad.
        builder.HasIndex(m => new { m.Status, m.AccountId });
        builder.Property(m => m.Token).HasMaxLength(32);
        builder.HasIndex(m => m.Token).IsUnique();
        builder.Property(m => m.LaneKey).HasMaxLength(270);
        builder.HasIndex(m => new { m.LaneKey, m.Status });

        // A campaign's messages, for its figures (deferred ones too, by their attempts), pause and cancel; most messages
        // have none and stay out of the index.
        builder.HasIndex(m => new { m.CampaignId, m.Status, m.Attempts }).HasFilter("\"CampaignId\" IS NOT NULL");
        builder.Property(m => m.SendingDomain).HasMaxLength(253).IsRequired();
        builder.Property(m => m.Provider).HasMaxLength(100);
        builder.Property(m => m.ClaimedBy).HasMaxLength(100);

        // The delivery queue: queued messages by when they are next due.
        builder.HasIndex(m => new { m.Status, m.NextAttemptAt });
    }
}
