using Microsoft.Extensions.Options;
using SmartSender.Core.Persistence;
using SmartSender.Core.Persistence.Caching;

namespace SmartSender.Core.ApiKeys;

/// <summary>Active keys by hash, so that a send request does not read its key from the database each time.</summary>
public sealed class ApiKeyCache(IOptions<DatabaseOptions> options) : ReadCache<string, ApiKey>(options.Value.CacheTime, CachedTable.ApiKeys);
