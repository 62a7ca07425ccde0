using System.Collections.Concurrent;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;

namespace SmartSender.Core.Domains.Dkim;

/// <summary>
/// Signs outgoing mail with each signing key of its domain (RSA, and Ed25519 where enabled, RFC 8463),
/// relaxed/relaxed. Signers are kept per key, so a private key is decrypted and parsed once, not per message.
/// </summary>
public class MessageSigner(ISecretProtector protector, TimeProvider clock)
{
    /// <summary>RFC 6376 §5.4.1: the headers worth protecting. From is listed twice so no second From can be added.</summary>
    private static readonly HeaderId[] SignedHeaders =
    [
        HeaderId.From, HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId,
        HeaderId.MimeVersion, HeaderId.ContentType, HeaderId.ReplyTo, HeaderId.ListUnsubscribe, HeaderId.ListUnsubscribePost,
    ];

    /// <summary>The same headers by name, as <see cref="RsaDkimSigner"/> takes them.</summary>
    public static IReadOnlyList<string> SignedHeaderNames { get; } = [.. SignedHeaders.Select(h => h.ToHeaderName())];

    private readonly ConcurrentDictionary<Guid, Lazy<Action<MimeMessage>>> _signers = new();

    public void Sign(MimeMessage message, SendingDomain domain)
    {
        var keys = domain.SigningKeys.ToList();
        if (keys.Count == 0)
        {
            throw new InvalidOperationException($"{domain.Name} has no signing key.");
        }

        // DKIM hashes the bytes on the wire: fix the transfer encodings before signing (RFC 6376 §5.3).
        message.Prepare(EncodingConstraint.SevenBit);
        foreach (var key in keys)
        {
            // One load per key even when many workers start at once; a load that failed is tried again next time.
            var signer = _signers.GetOrAdd(key.Id, _ => new Lazy<Action<MimeMessage>>(() => CreateSigner(key, domain.Name)));
            try
            {
                signer.Value(message);
            }
            catch when (!signer.IsValueCreated)
            {
                _signers.TryRemove(KeyValuePair.Create(key.Id, signer));
                throw;
            }
        }
    }

    private Action<MimeMessage> CreateSigner(DkimKey key, string domain)
    {
        var privateKey = protector.Unprotect(key.ProtectedPrivateKey);
        if (key.Algorithm != DkimAlgorithm.Ed25519)
        {
            var rsa = RsaDkimSigner.FromPem(privateKey, domain, key.Selector);
            return message => rsa.Sign(message, SignedHeaderNames, clock.GetUtcNow());
        }

        var ed25519 = new DkimSigner(new Ed25519PrivateKeyParameters(Convert.FromBase64String(privateKey)), domain, key.Selector, DkimSignatureAlgorithm.Ed25519Sha256)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            AgentOrUserIdentifier = "@" + domain,
        };
        return message => ed25519.Sign(message, SignedHeaders);
    }
}
