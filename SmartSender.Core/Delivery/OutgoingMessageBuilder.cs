using MimeKit;
using SmartSender.Core.Domains;
using SmartSender.Core.Domains.Dkim;
using SmartSender.Core.Messages;
using SmartSender.Core.Tracking;

namespace SmartSender.Core.Delivery;

/// <summary>The MIME message exactly as it goes on the wire: built from the stored message and DKIM-signed.</summary>
public class OutgoingMessageBuilder(SendingDomains domains, MessageSigner signer, MessageLinks links, TimeProvider clock)
{
    /// <summary>Null when the From domain is no longer a domain of the account, so nothing can sign it.</summary>
    public async Task<MimeMessage?> BuildAsync(Message message, CancellationToken ct)
    {
        var unsubscribeUrl = message.Token is null ? null : links.UnsubscribeUrl(message.Token);
        var mime = MimeMessageFactory.Create(message, clock.GetUtcNow(), unsubscribeUrl);
        var fromDomain = mime.From.Mailboxes.Single().Domain.ToLowerInvariant();
        var domain = await domains.FindByNameAsync(message.AccountId, fromDomain, ct);
        if (domain is null || !domain.SigningKeys.Any())
        {
            return null;
        }

        signer.Sign(mime, domain);
        return mime;
    }
}
