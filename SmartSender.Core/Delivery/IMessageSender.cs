using MimeKit;
using SmartSender.Core.Delivery.Direct;
using SmartSender.Core.Delivery.Replies;

namespace SmartSender.Core.Delivery;

/// <summary>Hands a built, signed message to the next server on its route: the relay or the recipient domain's MX.</summary>
public interface IMessageSender
{
    /// <summary>Whether the sender chooses the sending IP (direct delivery); a relay is one lane whatever the IP.</summary>
    bool UsesSendingIps { get; }

    /// <summary>Where mail for <paramref name="domain"/> goes, or why it cannot.</summary>
    Task<RouteLookup> RouteAsync(string domain, CancellationToken ct);

    Task<ReplyVerdict> SendAsync(MimeMessage message, MailRoute route, Pools.SendingIp from, CancellationToken ct);
}
