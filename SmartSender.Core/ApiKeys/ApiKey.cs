namespace SmartSender.Core.ApiKeys;

/// <summary>A named key an account's programs send with. Only the SHA-256 hash of the secret is kept.</summary>
public class ApiKey
{
    private ApiKey()
    {
    }

    public ApiKey(Guid accountId, string name, string prefix, string hash, DateTime createdAt)
    {
        Id = Guid.NewGuid();
        AccountId = accountId;
        Name = name;
        Prefix = prefix;
        Hash = hash;
        CreatedAt = createdAt;
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

    public void MarkUsed(DateTime at) => LastUsedAt = at;

    public void Revoke(DateTime at) => RevokedAt ??= at;
}
