using SmartSender.Core.Persistence;

namespace SmartSender.Core.Quota;

/// <summary>How an account hears that it nears its daily limit: Webhooks queues <c>account.quota_warning</c> (<see cref="Webhooks.AccountNotices"/>).</summary>
public interface IQuotaNotices
{
    /// <summary>Adds the warning to <paramref name="db"/>; it leaves once the caller saves and calls <see cref="Sent"/>.</summary>
    Task WarnAsync(SmartSenderDbContext db, Guid accountId, object data, DateTime now, CancellationToken ct);

    void Sent();
}
