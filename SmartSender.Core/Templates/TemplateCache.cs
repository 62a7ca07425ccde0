using Microsoft.Extensions.Options;
using SmartSender.Core.Persistence;
using SmartSender.Core.Persistence.Caching;

namespace SmartSender.Core.Templates;

/// <summary>Templates with their versions by account and id or name, for templated sends; shared, so never changed by their readers.</summary>
public sealed class TemplateCache(IOptions<DatabaseOptions> options)
    : ReadCache<(Guid AccountId, string IdOrName), Template>(options.Value.CacheTime, CachedTable.Templates);
