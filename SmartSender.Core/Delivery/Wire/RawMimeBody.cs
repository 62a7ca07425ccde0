using MimeKit;

namespace SmartSender.Core.Delivery.Wire;

/// <summary>
/// A message body that is already in its final bytes, for MailKit: it has no header fields of its own (the message's
/// header carries its Content-Type) and writes its bytes unchanged, so the DKIM body hash still holds.
/// </summary>
internal sealed class RawMimeBody : MimeEntity
{
    private readonly ReadOnlyMemory<byte> _content;

    public RawMimeBody(ReadOnlyMemory<byte> content)
        : base(new ContentType("application", "octet-stream"))
    {
        _content = content;
        Headers.Clear();
    }

    /// <summary>The transfer encodings were fixed when the bytes were written.</summary>
    public override void Prepare(EncodingConstraint constraint, int maxLineLength = 78)
    {
    }

    public override void WriteTo(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        stream.Write(_content.Span);
    }

    public override async Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default) =>
        await stream.WriteAsync(_content, cancellationToken);
}
