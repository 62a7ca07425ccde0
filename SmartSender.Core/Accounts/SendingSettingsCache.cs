using Microsoft.Extensions.Options;
using SmartSender.Core.Persistence;
using SmartSender.Core.Persistence.Caching;

namespace SmartSender.Core.Accounts;

/// <summary>Each account's <see cref="SendingSettings"/>, which every message is composed with.</summary>
public sealed class SendingSettingsCache(IOptions<DatabaseOptions> options) : ReadCache<Guid, SendingSettings>(options.Value.CacheTime, CachedTable.Accounts);
