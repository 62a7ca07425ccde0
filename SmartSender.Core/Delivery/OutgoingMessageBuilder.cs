using MimeKit;
using SmartSender.Core.Domains;
using Microsoft.Extensions.Options;
using SmartSender.Core.Delivery.Wire;
using SmartSender.Core.Domains.Dkim;
using SmartSender.Core.Feedback;
using SmartSender.Core.Messages;
using SmartSender.Core.Tracking;
using SmartSender.Core.Delivery.Signing;

namespace SmartSender.Core.Delivery;

/// <summary>The message exactly as it goes on the wire: written from the stored message and DKIM-signed once.</summary>
public class OutgoingMessageBuilder(MessageSigner signer, MessageLinks links, IOptions<DomainsOptions> domains, TimeProvider clock)
{
    /// <summary>Null when <paramref name="fromDomain"/> (the From domain as the account has it now) is missing or has no key to sign with.</summary>
    public WireMessage? Build(Message message, SendingDomain? fromDomain)
    {
        if (fromDomain is null || !fromDomain.SigningKeys.Any())
        {
            return null;
        }

        var host = fromDomain.VerifiedTrackingHost;
        var unsubscribeUrl = message.Token is null ? null : links.UnsubscribeUrl(message.Token, host);
        var html = message.HtmlBody is { } body && message.Token is { } token
            ? TrackedHtml.Apply(body, links, token, message.TrackOpens, message.TrackClicks, host, message.SendingDomain)
            : message.HtmlBody;
        var wire = WireMessageFactory.Create(message, clock.GetUtcNow(), unsubscribeUrl, html);
        signer.Sign(wire, fromDomain);
        return wire;
    }

    /// <summary>The envelope sender bounces come back to; see <see cref="ReturnPath"/>.</summary>
    public string ReturnPathOf(Message message, SendingDomain fromDomain) =>
        ReturnPath.For(message.Token ?? message.Id.ToString("N"), fromDomain, domains.Value.ReturnPathHost);

    /// <summary>
    /// The domain part of the message's From, lower-cased: the sending domain that signs it. Stored with the message
    /// when it was queued; read from From only for a row that has none.
    /// </summary>
    public static string FromDomainOf(Message message) =>
        message.SendingDomain is { Length: > 0 } stored ? stored : MailboxAddress.Parse(message.From).Domain.ToLowerInvariant();
}
