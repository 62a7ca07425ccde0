using MimeKit;

namespace SmartSender.Core.Delivery;

/// <summary>Hands a built, signed message to the next server: the relay or the recipient domain's MX.</summary>
public interface IMessageSender
{
    Task<DeliveryOutcome> SendAsync(MimeMessage message, CancellationToken ct);
}
