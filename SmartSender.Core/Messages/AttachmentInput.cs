namespace SmartSender.Core.Messages;

/// <summary>A file to attach, as a caller sends it: name, MIME type and base64 content.</summary>
public record AttachmentInput(string? Filename, string? ContentType, string? Content);
