namespace SmartSender.Core.Messages;

/// <summary>A file attached to a message, kept until the message is delivered; with a <see cref="ContentId"/>, an inline part the HTML shows.</summary>
public class MessageAttachment
{
    private MessageAttachment()
    {
    }

    internal MessageAttachment(Guid messageId, string filename, string contentType, byte[] content, string? contentId = null)
    {
        ContentId = contentId;
        MessageId = messageId;
        Filename = filename;
        ContentType = contentType;
        Content = content;
    }

    public long Id { get; private set; }

    public Guid MessageId { get; private set; }

    public string Filename { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    public byte[] Content { get; private set; } = [];

    /// <summary>The Content-ID (without angle brackets) of a part shown inside the HTML body; null for a download.</summary>
    public string? ContentId { get; private set; }
}
