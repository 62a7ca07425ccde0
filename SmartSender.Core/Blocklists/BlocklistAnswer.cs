using System.Net;
using System.Net.Sockets;
using SmartSender.Core.Dns;

namespace SmartSender.Core.Blocklists;

/// <summary>What one list said of one IP or domain: listed (with its codes and what they mean), clear, or no answer.</summary>
public abstract record BlocklistAnswer
{
    public sealed record Listed(string Codes, string Meaning) : BlocklistAnswer;

    public sealed record Clear : BlocklistAnswer;

    /// <param name="Refused">The list refused to answer (a rate limit, a resolver it does not serve): ask it nothing more this round.</param>
    public sealed record NoAnswer(string Reason, bool Refused) : BlocklistAnswer;

    /// <summary>
    /// The name a list is asked about (RFC 5782 §2.1, §2.4): an IPv4 address's octets reversed, an IPv6 address's
    /// 32 nibbles reversed, or a domain as it is, each followed by the list's zone.
    /// </summary>
    public static string QueryName(string target, BlocklistTargets kind, string zone)
    {
        if (kind == BlocklistTargets.Domain)
        {
            return $"{target.TrimEnd('.')}.{zone}";
        }

        var address = IPAddress.Parse(target);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        return address.AddressFamily == AddressFamily.InterNetwork
            ? $"{string.Join('.', bytes.Reverse())}.{zone}"
            : $"{string.Join('.', bytes.Reverse().SelectMany(b => new[] { b & 0xF, b >> 4 }).Select(n => n.ToString("x")))}.{zone}";
    }

    /// <summary>
    /// Reads a list's answer as RFC 5782 §2.3 and the list's documentation say: no such name is clear; the list's own
    /// error codes are no answer; an address outside 127.0.0.0/8 is no answer either (a list that is gone, or a
    /// resolver that rewrites NXDOMAIN); 127.0.0.1 is never a listing; any other 127.0.0.0/8 address is.
    /// </summary>
    public static BlocklistAnswer Read(BlocklistDefinition list, DnsAnswer<IPAddress> answer)
    {
        if (answer.Status == DnsStatus.Failed)
        {
            return new NoAnswer($"{list.Name} gave no answer: {answer.Error}", Refused: false);
        }

        if (answer.Status == DnsStatus.NotFound || answer.Records.Count == 0)
        {
            return new Clear();
        }

        var codes = answer.Records.Select(r => r.ToString()).Distinct().Order(StringComparer.Ordinal).ToList();
        if (codes.FirstOrDefault(list.Errors.ContainsKey) is { } error)
        {
            return new NoAnswer($"{list.Name} answered {error}: {list.Errors[error]}", Refused: true);
        }

        if (answer.Records.FirstOrDefault(r => r.AddressFamily != AddressFamily.InterNetwork || r.GetAddressBytes()[0] != 127) is { } stray)
        {
            return new NoAnswer($"{list.Name} answered {stray}, which is no blocklist code (the list may be gone, or a resolver rewrites its answers)", Refused: true);
        }

        var listed = codes.Where(c => c != "127.0.0.1").ToList();
        return listed.Count == 0
            ? new Clear()
            : new Listed(string.Join(", ", listed), string.Join("; ", listed.Select(c => list.Listed.TryGetValue(c, out var meaning) ? meaning : $"listed ({c})")));
    }
}
