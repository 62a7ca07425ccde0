namespace SmartSender.Core.Messages;

/// <summary>An attachment that passed validation, decoded.</summary>
/// <param name="ContentId">Set for an inline part: its Content-ID without the angle brackets.</param>
public record ValidAttachment(string Filename, string ContentType, byte[] Content, string? ContentId = null);
