namespace SmartSender.Core.Messages;

/// <summary>
/// The largest message SmartSender accepts, in bytes of content and attachments: what the operator set for delivery
/// (<c>Delivery:MaxMessageBytes</c>, registered by Delivery), so that nothing is accepted that could not be sent.
/// </summary>
public sealed record MessageSizeLimit(long MaxBytes)
{
    public static readonly MessageSizeLimit Default = new(AttachmentValidator.DefaultMaxTotalBytes);
}
