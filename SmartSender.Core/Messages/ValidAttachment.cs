namespace SmartSender.Core.Messages;

/// <summary>An attachment that passed validation, decoded.</summary>
public record ValidAttachment(string Filename, string ContentType, byte[] Content);
