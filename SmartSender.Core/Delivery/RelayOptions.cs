using System.ComponentModel.DataAnnotations;

namespace SmartSender.Core.Delivery;

/// <summary>The SMTP server every message is handed to until direct MX delivery is switched on.</summary>
public class RelayOptions
{
    /// <summary>
    /// The relay's host name or address. Empty in Development keeps mail in the development inbox; in Production a
    /// relay mode without a host is refused at start.
    /// </summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    public RelaySecurity Security { get; set; } = RelaySecurity.StartTlsWhenAvailable;

    /// <summary>Accept any TLS certificate: for a development relay with a self-signed one only.</summary>
    public bool AcceptAnyCertificate { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The name SmartSender gives in EHLO; the machine's name when empty.</summary>
    public string? HeloName { get; set; }

    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;
}

public enum RelaySecurity
{
    None,
    StartTlsWhenAvailable,
    StartTls,
    SslOnConnect,
}
