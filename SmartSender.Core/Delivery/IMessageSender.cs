using MimeKit;
using SmartSender.Core.Delivery.Direct;
using SmartSender.Core.Delivery.Replies;

namespace SmartSender.Core.Delivery;

/// <summary>Hands a built, signed message to the next server on its route: the relay or the recipient domain's MX.</summary>
public interface IMessageSender
{
    /// <summary>The sending IP connections leave from, the first half of a lane's key.</summary>
    string SendingIp { get; }

    /// <summary>Where mail for <paramref name="domain"/> goes, or why it cannot.</summary>
    Task<RouteLookup> RouteAsync(string domain, CancellationToken ct);

    Task<ReplyVerdict> SendAsync(MimeMessage message, MailRoute route, CancellationToken ct);
}
