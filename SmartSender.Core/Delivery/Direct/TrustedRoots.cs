using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace SmartSender.Core.Delivery.Direct;

/// <summary>
/// Decides whether a server's certificate chains to a trusted root: the system's roots, and the certificates of
/// <c>Delivery:Direct:TrustedRootsFile</c> (a PEM file) besides them, for a private CA. Used for MX hosts and for
/// MTA-STS policy hosts; whether the certificate names the host is checked apart.
/// </summary>
public sealed class TrustedRoots
{
    private readonly X509Certificate2Collection _extra = [];

    public TrustedRoots(IOptions<DirectOptions> options)
    {
        if (options.Value.TrustedRootsFile is { Length: > 0 } file)
        {
            _extra.ImportFromPemFile(file);
        }
    }

    /// <summary>Null when the certificate chains to a trusted root and is in its validity period; otherwise why not.</summary>
    public string? ChainProblem(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return "the server showed no certificate";
        }

        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0)
        {
            return null;
        }

        var systemSays = Describe(chain);
        if (_extra.Count == 0)
        {
            return systemSays;
        }

        using var served = new X509Certificate2(certificate);
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_extra);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements.Skip(1))
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return custom.Build(served) ? null : Describe(custom);
    }

    private static string Describe(X509Chain? chain)
    {
        var status = chain?.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).ToList() ?? [];
        return status switch
        {
            _ when status.Contains(X509ChainStatusFlags.NotTimeValid) => "the certificate has expired or is not yet valid",
            _ when status.Contains(X509ChainStatusFlags.UntrustedRoot) || status.Contains(X509ChainStatusFlags.PartialChain) => "the certificate is not signed by a trusted authority",
            [] => "the certificate does not chain to a trusted root",
            _ => $"the certificate's chain is not valid ({string.Join(", ", status)})",
        };
    }
}
