using SmartSender.Core.Accounts;
using SmartSender.Core.Domains;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Delivery.Pump;

/// <summary>
/// What dispatching a claimed batch needs to know of each message's account and From domain, kept in memory while
/// their tables are unchanged: claims come many times a second, and these rarely change.
/// </summary>
public sealed class DispatchLookups(AccountCache accounts, SendingDomainCache domains)
{
    /// <summary>Each message's account, for its IP pool and whether support closed it meanwhile; null when it is gone.</summary>
    public async Task<Dictionary<Guid, Account?>> AccountsOfAsync(IReadOnlyList<Message> claimed, CancellationToken ct)
    {
        var found = new Dictionary<Guid, Account?>();
        foreach (var id in claimed.Select(m => m.AccountId).Distinct())
        {
            found[id] = await accounts.FindAsync(id, ct);
        }

        return found;
    }

    /// <summary>The sending domain each message is signed for, by account and From domain; absent when there is none.</summary>
    public async Task<Dictionary<(Guid, string), SendingDomain>> SigningDomainsAsync(IReadOnlyList<Message> claimed, CancellationToken ct)
    {
        var signing = new Dictionary<(Guid, string), SendingDomain>();
        foreach (var key in claimed.Select(m => (m.AccountId, OutgoingMessageBuilder.FromDomainOf(m))).Distinct())
        {
            if (await domains.FindAsync(key.AccountId, key.Item2, ct) is { } domain)
            {
                signing[key] = domain;
            }
        }

        return signing;
    }
}
