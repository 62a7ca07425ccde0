using System.ComponentModel.DataAnnotations;

namespace SmartSender.Core.Blocklists;

/// <summary>What a DNS blocklist lists: IP addresses (queried by their reversed address) or domains (queried by name).</summary>
public enum BlocklistTargets
{
    Ip,
    Domain,
}

/// <summary>One DNS blocklist as its operator documents it: its zone, what it lists, and what its answers mean.</summary>
public class BlocklistDefinition
{
    public string Name { get; set; } = "";

    /// <summary>The zone queried, e.g. <c>zen.spamhaus.org</c>.</summary>
    public string Zone { get; set; } = "";

    public BlocklistTargets Checks { get; set; } = BlocklistTargets.Ip;

    /// <summary>Where a listed sender asks for removal.</summary>
    public string? RemovalUrl { get; set; }

    /// <summary>Return codes that mean "listed", with what each means; any other 127.0.0.0/8 answer but 127.0.0.1 counts as listed too (RFC 5782 §2.3).</summary>
    public Dictionary<string, string> Listed { get; set; } = [];

    /// <summary>Return codes that mean the list did not answer the question (refused, rate-limited, wrong query), with what each means.</summary>
    public Dictionary<string, string> Errors { get; set; } = [];
}

/// <summary>The <c>Blocklists</c> section: the sending IPs and sending domains checked against DNS blocklists on a schedule.</summary>
public class BlocklistOptions
{
    public const string Section = "Blocklists";

    public bool Enabled { get; set; } = true;

    [Range(5, 10080)]
    public int CheckEveryMinutes { get; set; } = 60;

    /// <summary>The most queries sent per second, over all lists.</summary>
    [Range(1, 1000)]
    public int QueriesPerSecond { get; set; } = 5;

    /// <summary>Take a listed sending IP out of its pool until it is delisted (never the pool's last usable IP).</summary>
    public bool RemoveListedIps { get; set; }

    /// <summary>
    /// Skip addresses no public list can list (private, loopback, link-local) and domains under reserved names
    /// (<c>.test</c>, <c>.example</c>, <c>.invalid</c>, <c>.localhost</c>); off only for a private list that does.
    /// </summary>
    public bool SkipPrivateTargets { get; set; } = true;

    public List<BlocklistDefinition> Lists { get; set; } = [];
}
