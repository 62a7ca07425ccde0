using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using SmartSender.Core.Common;

namespace SmartSender.Core.Domains;

/// <summary>Generates DKIM key pairs; private keys are encrypted before they leave this class.</summary>
public class DkimKeyFactory(ISecretProtector protector, TimeProvider clock)
{
    public Func<Guid, DkimKey> Create(string selector, DkimAlgorithm algorithm, DkimKeyState state)
    {
        var (publicKey, privateKey) = algorithm == DkimAlgorithm.Ed25519 ? Ed25519Pair() : RsaPair();
        var protectedKey = protector.Protect(privateKey);
        var now = clock.GetUtcNow().UtcDateTime;
        return domainId => new DkimKey(domainId, selector, algorithm, publicKey, protectedKey, state, now);
    }

    private static (string Public, string Private) RsaPair()
    {
        using var rsa = RSA.Create(2048);
        return (Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()), rsa.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>RFC 8463 §4.2: p= carries the raw 32-byte public key.</summary>
    private static (string Public, string Private) Ed25519Pair()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        return (Convert.ToBase64String(((Ed25519PublicKeyParameters)pair.Public).GetEncoded()),
            Convert.ToBase64String(((Ed25519PrivateKeyParameters)pair.Private).GetEncoded()));
    }
}
