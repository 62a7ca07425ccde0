using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Campaigns;
using SmartSender.Core.Common;
using SmartSender.Core.Contacts;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Suppressions;
using SmartSender.Core.Webhooks;

namespace SmartSender.Core.Retention;

/// <summary>How much of one recipient's data an erasure replaced.</summary>
public sealed record ErasureReport(string ErasedAs, int Messages, int Suppressions);

/// <summary>
/// Erases one recipient's data from an account (GDPR art. 17): the content of every message to the address is
/// deleted, and the address is replaced by <see cref="ErasedAddress"/> on those messages, in their events' details,
/// in the webhook posts about them, among the account's contacts (deleted) and on the suppression list, where the hash keeps blocking mail to the address.
/// Mail still waiting to be sent to it is cancelled first: nothing goes out to an erased recipient's address.
/// </summary>
public sealed class RecipientErasure(IDbContextFactory<SmartSenderDbContext> contexts, ContentRetention content, TimeProvider clock)
{
    public const string ErasedDetail = "(erased)";

    public const string CancelledForErasure = "Cancelled: the recipient's data was erased before the message was sent.";

    public async Task<Result<ErasureReport>> EraseAsync(Guid accountId, string address, CancellationToken ct = default)
    {
        if (!Addresses.TryParseMailbox(address, out var mailbox))
        {
            return new UnprocessableError("invalid_address", $"\"{address}\" is not an email address.", "address");
        }

        var normalized = Suppression.Normalize(mailbox.Address);
        var erased = ErasedAddress.Of(accountId, normalized);
        var bracketed = $"<{normalized}>";
        var now = clock.GetUtcNow().UtcDateTime;
        IQueryable<Message> ToTheAddress(SmartSenderDbContext db) =>
            db.Messages.Where(m => m.AccountId == accountId && (m.To.ToLower() == normalized || m.To.ToLower().EndsWith(bracketed)));

        await using var db = await contexts.CreateDbContextAsync(ct);
        var waiting = await ToTheAddress(db).Where(m => m.Status == MessageStatus.Queued || m.Status == MessageStatus.Held).ToListAsync(ct);
        waiting.ForEach(m => m.Cancel(CancelledForErasure, now));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        var ids = await ToTheAddress(db).Select(m => m.Id).ToListAsync(ct);
        foreach (var chunk in ids.Chunk(500))
        {
            await content.ClearAsync(d => d.Messages.Where(m => chunk.Contains(m.Id) && m.ContentRemovedAt == null), now, ct, keepLinks: false);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var events = db.MessageEvents.Where(e => chunk.Contains(e.MessageId));
            await db.WebhookDeliveries.Where(d => events.Any(e => e.Id == d.EventId)).ExecuteDeleteAsync(ct);
            await events.Where(e => e.Detail != null).ExecuteUpdateAsync(u => u.SetProperty(e => e.Detail, ErasedDetail), ct);
            await db.Messages.Where(m => chunk.Contains(m.Id)).ExecuteUpdateAsync(u => u.SetProperty(m => m.To, erased)
                .SetProperty(m => m.TrackedLinksJson, (string?)null).SetProperty(m => m.UpdatedAt, now), ct);
            await transaction.CommitAsync(ct);
        }

        var suppressions = 0;
        if (!await db.Suppressions.AnyAsync(s => s.AccountId == accountId && s.Address == erased, ct))
        {
            suppressions = await db.Suppressions.Where(s => s.AccountId == accountId && s.Address == normalized)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Address, erased).SetProperty(s => s.Detail, (string?)null), ct);
        }
        else
        {
            // Erased before, and listed again since: the erased entry stands for both.
            suppressions = await db.Suppressions.Where(s => s.AccountId == accountId && s.Address == normalized).ExecuteDeleteAsync(ct);
        }

        // The address leaves the account's contacts too (their lists and topics with them).
        await db.Contacts.Where(c => c.AccountId == accountId && c.Email == normalized).ExecuteDeleteAsync(ct);
        await db.CampaignRecipients.Where(r => r.Email == normalized && db.Set<Campaign>().Any(c => c.Id == r.CampaignId && c.AccountId == accountId))
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Email, erased), ct);
        await db.SuppressionRemovals.Where(r => r.AccountId == accountId && r.Address == normalized)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Address, erased), ct);
        return Result<ErasureReport>.Success(new ErasureReport(erased, ids.Count, suppressions));
    }
}
