using System.ComponentModel.DataAnnotations;

namespace SmartSender.Web.Submission;

/// <summary>
/// The <c>Submission</c> section of appsettings.json: the SMTP listener apps send through with an API key as the
/// password, on a STARTTLS port (587 in production) and an implicit-TLS port (465).
/// </summary>
public sealed class SubmissionOptions : IValidatableObject
{
    public const string Section = "Submission";

    public bool Enabled { get; set; } = true;

    /// <summary>The address to listen on: 0.0.0.0 for apps on other machines.</summary>
    [Required]
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The STARTTLS port: 587 in production, 2587 in development; 0 turns it off.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 2587;

    /// <summary>The implicit-TLS port (RFC 8314): 465 in production, 2465 in development; 0 turns it off.</summary>
    [Range(0, 65535)]
    public int TlsPort { get; set; } = 2465;

    /// <summary>The host name apps connect to, shown on the Account page; the dashboard's own host when empty.</summary>
    public string? Host { get; set; }

    /// <summary>A PEM certificate (with <see cref="KeyPath"/>) or a PFX file (with <see cref="CertificatePassword"/>).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of <see cref="CertificatePath"/>; empty when that file holds the key too, or is a PFX.</summary>
    public string? KeyPath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>
    /// Development only: offer AUTH before STARTTLS to clients on a loopback address (127.0.0.0/8, ::1), for tools that
    /// cannot speak TLS. Anywhere else a password never travels in clear.
    /// </summary>
    public bool AllowPlainAuthOnLoopback { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!System.Net.IPAddress.TryParse(Address, out _))
        {
            yield return new ValidationResult($"Submission:Address '{Address}' is not an IP address; give 127.0.0.1, 0.0.0.0 or one of this machine's addresses.", [nameof(Address)]);
        }

        if (Port != 0 && Port == TlsPort)
        {
            yield return new ValidationResult($"Submission:Port and Submission:TlsPort are both {Port}; give them different ports, or 0 to turn one off.", [nameof(Port)]);
        }

        if (CertificatePath is { Length: > 0 } certificate && !File.Exists(certificate))
        {
            yield return new ValidationResult($"Submission:CertificatePath '{certificate}' does not exist.", [nameof(CertificatePath)]);
        }

        if (KeyPath is { Length: > 0 } key && !File.Exists(key))
        {
            yield return new ValidationResult($"Submission:KeyPath '{key}' does not exist.", [nameof(KeyPath)]);
        }

        if (KeyPath is { Length: > 0 } && CertificatePath is not { Length: > 0 })
        {
            yield return new ValidationResult("Submission:KeyPath is set without Submission:CertificatePath; give the certificate too.", [nameof(KeyPath)]);
        }
    }
}
