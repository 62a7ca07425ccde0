using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using SmartSender.Core.Dns;

namespace SmartSender.Core.Domains.Dkim;

/// <summary>Finds DKIM public keys (<c>selector._domainkey.domain</c> TXT) through <see cref="IDnsResolver"/>.</summary>
public class DnsDkimPublicKeyLocator(IDnsResolver dns) : DkimPublicKeyLocatorBase
{
    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        LocatePublicKeyAsync(methods, domain, selector, cancellationToken).GetAwaiter().GetResult();

    public override async Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default)
    {
        var name = $"{selector}._domainkey.{domain}";
        var answer = await dns.TxtAsync(name, cancellationToken);
        var record = answer.Records.FirstOrDefault(r => r.Contains("p=", StringComparison.Ordinal))
            ?? throw new FormatException($"No DKIM key record at {name} ({answer.Status}).");
        return GetPublicKey(record);
    }
}
