using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Accounts;
using SmartSender.Core.Persistence;
using SmartSender.Core.Quota;

namespace SmartSender.Core.Webhooks;

/// <summary>
/// Webhooks about the account rather than one message (<c>account.quota_warning</c>, <c>account.reputation_changed</c>):
/// queued for every endpoint of the account, whatever message events it chose, in the caller's save.
/// </summary>
public sealed class AccountNotices(WebhookKick kick) : IQuotaNotices
{
    public const string QuotaWarning = "account.quota_warning";
    public const string ReputationChanged = "account.reputation_changed";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Adds the deliveries to <paramref name="db"/>; they leave once the caller saves.</summary>
    public async Task AddAsync(SmartSenderDbContext db, Guid accountId, string type, object data, DateTime now, CancellationToken ct)
    {
        var endpoints = await db.WebhookEndpoints.Where(e => e.AccountId == accountId && !e.Disabled && db.Set<Account>().Any(a => a.Id == accountId && a.ClosedAt == null)).ToListAsync(ct);
        var payload = JsonSerializer.Serialize(new { type, timestamp = now, data }, Json);
        foreach (var endpoint in endpoints)
        {
            db.WebhookDeliveries.Add(new WebhookDelivery(endpoint, 0, type, payload, now));
        }
    }

    public Task WarnAsync(SmartSenderDbContext db, Guid accountId, object data, DateTime now, CancellationToken ct) =>
        AddAsync(db, accountId, QuotaWarning, data, now, ct);

    /// <summary>After the save: post them now rather than at the next minute.</summary>
    public void Sent() => kick.RunSoon();
}
