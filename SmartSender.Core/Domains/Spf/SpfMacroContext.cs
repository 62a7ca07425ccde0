using System.Net;

namespace SmartSender.Core.Domains.Spf;

/// <summary>What macros expand to during one check_host() (RFC 7208 §7.2).</summary>
public sealed class SpfMacroContext(IPAddress clientIp, string sender, string localPart, string senderDomain, string helo, DateTimeOffset now, Func<Task<string>> validatedName)
{
    public IPAddress ClientIp { get; } = clientIp;

    public string Sender { get; } = sender;

    public string LocalPart { get; } = localPart;

    public string SenderDomain { get; } = senderDomain;

    public string Helo { get; } = helo;

    /// <summary>The domain whose record is being evaluated (%{d}); it changes with include and redirect.</summary>
    public string Domain { get; init; } = senderDomain;

    public string ReceiverName => "unknown";

    public DateTimeOffset Now { get; } = now;

    public Task<string> ValidatedNameAsync() => validatedName();

    public SpfMacroContext For(string domain) =>
        new(ClientIp, Sender, LocalPart, SenderDomain, Helo, Now, validatedName) { Domain = domain };
}
