using SmartSender.Core.Delivery.Direct;
using SmartSender.Core.Delivery.Smtp;

namespace SmartSender.Core.Delivery;

/// <summary>Opens sessions with the next server on a message's route: the relay, or the recipient domain's MX.</summary>
public interface IMessageSender
{
    /// <summary>Whether the sender chooses the sending IP (direct delivery); a relay is one lane whatever the IP.</summary>
    bool UsesSendingIps { get; }

    /// <summary>Where mail for <paramref name="domain"/> goes, or why it cannot.</summary>
    Task<RouteLookup> RouteAsync(string domain, CancellationToken ct);

    /// <summary>A session with the first server on <paramref name="route"/> that takes one, from <paramref name="from"/>.</summary>
    Task<Connected> ConnectAsync(MailRoute route, Pools.SendingIp from, CancellationToken ct);
}
