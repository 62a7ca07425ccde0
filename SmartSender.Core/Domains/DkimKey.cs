namespace SmartSender.Core.Domains;

public enum DkimAlgorithm
{
    Rsa2048,
    Ed25519,
}

public enum DkimKeyState
{
    /// <summary>Published for verification; not yet signing (a rotation in progress).</summary>
    Pending,

    /// <summary>Signs outgoing mail.</summary>
    Active,

    /// <summary>No longer signs; its record may be removed.</summary>
    Retired,
}

/// <summary>A DKIM key pair of a sending domain. The private key is stored encrypted and never leaves the server.</summary>
public class DkimKey
{
    private DkimKey()
    {
    }

    internal DkimKey(Guid domainId, string selector, DkimAlgorithm algorithm, string publicKey, string protectedPrivateKey, DkimKeyState state, DateTime now)
    {
        Id = Guid.NewGuid();
        DomainId = domainId;
        Selector = selector;
        Algorithm = algorithm;
        PublicKey = publicKey;
        ProtectedPrivateKey = protectedPrivateKey;
        State = state;
        CreatedAt = now;
        ActivatedAt = state == DkimKeyState.Active ? now : null;
    }

    public Guid Id { get; private set; }

    public Guid DomainId { get; private set; }

    public string Selector { get; private set; } = "";

    public DkimAlgorithm Algorithm { get; private set; }

    /// <summary>Base64 of the public key as the <c>p=</c> tag carries it.</summary>
    public string PublicKey { get; private set; } = "";

    public string ProtectedPrivateKey { get; private set; } = "";

    public DkimKeyState State { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? ActivatedAt { get; private set; }

    public DateTime? RetiredAt { get; private set; }

    /// <summary>The DKIM TXT record's value (RFC 6376 §3.6.1).</summary>
    public string RecordValue => $"v=DKIM1; k={(Algorithm == DkimAlgorithm.Ed25519 ? "ed25519" : "rsa")}; p={PublicKey}";

    internal void Activate(DateTime now)
    {
        State = DkimKeyState.Active;
        ActivatedAt = now;
    }

    internal void Retire(DateTime now)
    {
        State = DkimKeyState.Retired;
        RetiredAt = now;
    }
}
