using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SmartSender.Tests.Fixtures;

/// <summary>
/// A private certificate authority for one test: its root written to a PEM file (what <c>Delivery:Direct:TrustedRootsFile</c>
/// points at), and server certificates it issues for given names.
/// </summary>
public sealed class LocalCa : IDisposable
{
    private readonly TestFolder _folder = new("local-ca");
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _root;

    public LocalCa(string name = "SmartSender Test Root")
    {
        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        RootsFile = Path.Combine(_folder.Path, "roots.pem");
        File.WriteAllText(RootsFile, _root.ExportCertificatePem());
    }

    /// <summary>The PEM file with the root certificate.</summary>
    public string RootsFile { get; }

    /// <summary>A server certificate for <paramref name="names"/> signed by this authority, with its private key.</summary>
    public X509Certificate2 Issue(params string[] names)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={names[0]}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var alternatives = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            alternatives.AddDnsName(name);
        }

        request.CertificateExtensions.Add(alternatives.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_root, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(_root, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }

    public void Dispose()
    {
        _root.Dispose();
        _key.Dispose();
        _folder.Dispose();
    }
}
