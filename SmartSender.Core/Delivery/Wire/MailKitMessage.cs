using MimeKit;

namespace SmartSender.Core.Delivery.Wire;

/// <summary>
/// The MimeKit message MailKit sends, refilled with each wire message of a session: creating a MimeMessage costs more
/// than writing the whole message, and a session sends one message at a time.
/// </summary>
internal sealed class MailKitMessage
{
    private readonly MimeMessage _mime = new();
    private readonly RawMimeBody _body = new();

    public MimeMessage Fill(WireMessage message)
    {
        _mime.Headers.Clear();
        if (message.AsOneField() is { } header)
        {
            _mime.Headers.Add(header);
        }
        else
        {
            message.CopyHeaderTo(_mime.Headers);
        }

        _body.Content = message.BodyBytes;
        _mime.Body = _body;
        return _mime;
    }
}
