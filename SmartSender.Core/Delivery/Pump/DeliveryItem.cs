using SmartSender.Core.Delivery.Direct;
using SmartSender.Core.Delivery.Pools;
using SmartSender.Core.Domains;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Delivery.Pump;

/// <summary>A claimed message with where it goes, from which IP, and the domain that signs it.</summary>
internal sealed record DeliveryItem(Message Message, MailRoute Route, SendingIp From, SendingDomain? SigningDomain)
{
    /// <summary>When its claim began; with the run's renewals, how long the claim surely holds.</summary>
    public DateTimeOffset ClaimedAt { get; init; }

    /// <summary>Messages with the same key can share one SMTP session.</summary>
    public string SessionKey { get; } = $"{From.Address}>{string.Join(",", Route.Targets.Select(t => $"{t.Host}:{t.Port}"))}";
}
