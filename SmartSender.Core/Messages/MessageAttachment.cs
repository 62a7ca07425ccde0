namespace SmartSender.Core.Messages;

/// <summary>A file attached to a message, kept until the message is delivered.</summary>
public class MessageAttachment
{
    private MessageAttachment()
    {
    }

    internal MessageAttachment(Guid messageId, string filename, string contentType, byte[] content)
    {
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
}
