namespace SmartSender.Core.Delivery.Pools;

/// <summary>An address mail leaves from, with the name it gives in EHLO (its reverse DNS name).</summary>
public class SendingIp
{
    public string Address { get; set; } = "";

    public string? EhloName { get; set; }
}

/// <summary>
/// The <c>Delivery:IpPools</c> section: sending IPs grouped into named pools. Accounts use <see cref="DefaultPool"/>
/// unless an administrator gives them a pool of their own (a dedicated IP). With no pools configured, one pool
/// named <c>shared</c> holds <c>Delivery:Direct:LocalAddress</c>.
/// </summary>
public class PoolOptions
{
    public const string Section = "Delivery:IpPools";

    public string DefaultPool { get; set; } = "shared";

    public Dictionary<string, SendingIp[]> Pools { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
