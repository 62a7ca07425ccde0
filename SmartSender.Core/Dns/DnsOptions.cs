namespace SmartSender.Core.Dns;

/// <summary>The <c>Dns</c> section of appsettings.json: which name servers SmartSender asks.</summary>
public class DnsOptions
{
    public const string Section = "Dns";

    /// <summary>Name servers as <c>host</c> or <c>host:port</c>; empty means the machine's own resolvers.</summary>
    public string[] Servers { get; set; } = [];

    public int TimeoutMilliseconds { get; set; } = 3000;

    public int Retries { get; set; } = 1;
}
