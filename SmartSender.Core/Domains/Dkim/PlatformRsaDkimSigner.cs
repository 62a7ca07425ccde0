using System.Security.Cryptography;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.OpenSsl;

namespace SmartSender.Core.Domains.Dkim;

/// <summary>MimeKit's DKIM signer with the RSA signature itself done by the platform (see <see cref="RsaSha256Signer"/>).</summary>
internal sealed class PlatformRsaDkimSigner : DkimSigner
{
    private readonly RSA _rsa;

    private PlatformRsaDkimSigner(RSA rsa, AsymmetricKeyParameter key, string domain, string selector)
        : base(key, domain, selector, DkimSignatureAlgorithm.RsaSha256) => _rsa = rsa;

    public static PlatformRsaDkimSigner FromPem(string pem, string domain, string selector)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        using var reader = new PemReader(new StringReader(pem));
        var key = reader.ReadObject() switch
        {
            AsymmetricCipherKeyPair pair => pair.Private,
            AsymmetricKeyParameter parameter => parameter,
            var other => throw new InvalidOperationException($"Not an RSA private key: {other?.GetType().Name}"),
        };
        return new PlatformRsaDkimSigner(rsa, key, domain, selector);
    }

    protected override ISigner CreateSigningContext() => new RsaSha256Signer(_rsa);
}
