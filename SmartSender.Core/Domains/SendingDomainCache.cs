using Microsoft.Extensions.Options;
using SmartSender.Core.Persistence;
using SmartSender.Core.Persistence.Caching;

namespace SmartSender.Core.Domains;

/// <summary>Sending domains with their keys and checks, by account and name, for the rule every message meets.</summary>
public sealed class SendingDomainCache(IOptions<DatabaseOptions> options)
    : ReadCache<(Guid AccountId, string Name), SendingDomain>(options.Value.CacheTime, CachedTable.SendingDomains);
