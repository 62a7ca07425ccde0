namespace SmartSender.Core.Messages;

/// <summary>
/// A file to attach, as a caller sends it: name, MIME type and base64 content. With a <see cref="ContentId"/> it is
/// shown inside the HTML body (<c>&lt;img src="cid:…"&gt;</c>) rather than offered as a download.
/// </summary>
public record AttachmentInput(string? Filename, string? ContentType, string? Content)
{
    public string? ContentId { get; init; }
}
