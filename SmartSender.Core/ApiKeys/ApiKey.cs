namespace SmartSender.Core.ApiKeys;

/// <summary>A named key an account's programs send with. Only the SHA-256 hash of the secret is kept.</summary>
public class ApiKey
{
    private ApiKey()
    {
    }

    public ApiKey(Guid accountId, string name, string prefix, string hash, DateTime createdAt, ApiKeyLimits? limits = null, bool test = false)
    {
        Test = test;
        Id = Guid.NewGuid();
        AccountId = accountId;
        Name = name;
        Prefix = prefix;
        Hash = hash;
        CreatedAt = createdAt;
        limits ??= ApiKeyLimits.None;
        Scope = limits.Scope;
        AllowedDomains = ApiKeyLimits.Join(limits.Domains);
        AllowedNetworks = ApiKeyLimits.Join(limits.Networks.Select(n => n.ToString()));
    }

    public Guid Id { get; private set; }

    public Guid AccountId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The first characters of the key, shown so its owner can tell keys apart.</summary>
    public string Prefix { get; private set; } = "";

    public string Hash { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public DateTime? LastUsedAt { get; private set; }

    public DateTime? RevokedAt { get; private set; }

    public bool IsActive => RevokedAt is null;

    public ApiKeyScope Scope { get; private set; }

    /// <summary>A test-mode key: its messages meet every check and are stored, but never leave (<see cref="Simulator.SimulatedDelivery"/>).</summary>
    public bool Test { get; private set; }

    /// <summary>The sending domains the key may send from, comma-separated; null for all of the account's.</summary>
    public string? AllowedDomains { get; private set; }

    /// <summary>The networks (CIDR) requests with the key may come from, comma-separated; null for anywhere.</summary>
    public string? AllowedNetworks { get; private set; }

    public ApiKeyLimits Limits => new(Scope, ApiKeyLimits.Split(AllowedDomains),
        [.. ApiKeyLimits.Split(AllowedNetworks).Select(n => ApiKeyLimits.TryParseNetwork(n, out var net) ? net : throw new InvalidOperationException($"Stored network '{n}' does not parse."))]);

    public void MarkUsed(DateTime at) => LastUsedAt = at;

    public void Revoke(DateTime at) => RevokedAt ??= at;
}
