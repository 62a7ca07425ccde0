using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SmartSender.Web.Submission;

/// <summary>
/// The certificate the submission listener presents: the configured PEM or PFX file, or else a self-signed one made on
/// first start and kept in the data folder (<c>submission-certificate.pfx</c>), so a client told to trust it once
/// keeps trusting it across restarts.
/// </summary>
public static partial class SubmissionCertificate
{
    public const string SelfSignedFile = "submission-certificate.pfx";

    public static X509Certificate2 Load(SubmissionOptions options, string dataDirectory, bool development, DateTimeOffset now, ILogger logger)
    {
        if (options.CertificatePath is { Length: > 0 } path)
        {
            return IsPkcs12(path)
                ? X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword, X509KeyStorageFlags.Exportable)
                : X509Certificate2.CreateFromPemFile(path, options.KeyPath is { Length: > 0 } key ? key : null);
        }

        var file = Path.Combine(dataDirectory, SelfSignedFile);
        if (!development)
        {
            LogSelfSignedInProduction(logger, file);
        }

        if (File.Exists(file))
        {
            var kept = X509CertificateLoader.LoadPkcs12FromFile(file, null, X509KeyStorageFlags.Exportable);
            if (kept.NotAfter.ToUniversalTime() > now.UtcDateTime.AddDays(30))
            {
                return kept;
            }
        }

        var made = MakeSelfSigned(now);
        File.WriteAllBytes(file, made.Export(X509ContentType.Pkcs12));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        LogSelfSignedMade(logger, file);
        return X509CertificateLoader.LoadPkcs12FromFile(file, null, X509KeyStorageFlags.Exportable);
    }

    private static bool IsPkcs12(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".pfx" or ".p12";

    private static X509Certificate2 MakeSelfSigned(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var host = Dns.GetHostName();
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddDnsName(host);
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(2));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SMTP submission uses a self-signed certificate made for this machine, kept in {File}")]
    private static partial void LogSelfSignedMade(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP submission has no certificate configured and uses a self-signed one ({File}); clients that check certificates refuse it. Set Submission:CertificatePath (and Submission:KeyPath)")]
    private static partial void LogSelfSignedInProduction(ILogger logger, string file);
}
