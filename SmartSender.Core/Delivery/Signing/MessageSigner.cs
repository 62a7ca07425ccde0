using System.Collections.Concurrent;
using SmartSender.Core.Common;
using SmartSender.Core.Delivery.Wire;
using SmartSender.Core.Domains;

namespace SmartSender.Core.Delivery.Signing;

/// <summary>
/// Signs outgoing mail with each signing key of its domain (RSA, and Ed25519 where enabled, RFC 8463),
/// relaxed/relaxed. Signers are kept per key, so a private key is decrypted and parsed once, not per message.
/// </summary>
public class MessageSigner(ISecretProtector protector, TimeProvider clock)
{
    /// <summary>RFC 6376 §5.4.1: the headers worth protecting. From is listed twice so no second From can be added.</summary>
    public static IReadOnlyList<string> SignedHeaderNames { get; } =
    [
        "From", "From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type", "Reply-To", "List-Unsubscribe", "List-Unsubscribe-Post",
    ];

    private readonly ConcurrentDictionary<Guid, Lazy<RelaxedDkimSigner>> _signers = new();

    public void Sign(WireMessage message, SendingDomain domain)
    {
        var keys = domain.SigningKeys.ToList();
        if (keys.Count == 0)
        {
            throw new InvalidOperationException($"{domain.Name} has no signing key.");
        }

        foreach (var key in keys)
        {
            // One load per key even when many workers start at once; a load that failed is tried again next time.
            var signer = _signers.GetOrAdd(key.Id, _ => new Lazy<RelaxedDkimSigner>(() => CreateSigner(key, domain.Name)));
            try
            {
                signer.Value.Sign(message, SignedHeaderNames, clock.GetUtcNow());
            }
            catch when (!signer.IsValueCreated)
            {
                _signers.TryRemove(KeyValuePair.Create(key.Id, signer));
                throw;
            }
        }
    }

    private RelaxedDkimSigner CreateSigner(DkimKey key, string domain)
    {
        var privateKey = protector.Unprotect(key.ProtectedPrivateKey);
        return key.Algorithm == DkimAlgorithm.Ed25519
            ? RelaxedDkimSigner.Ed25519(Convert.FromBase64String(privateKey), domain, key.Selector)
            : RelaxedDkimSigner.RsaFromPem(privateKey, domain, key.Selector);
    }
}
