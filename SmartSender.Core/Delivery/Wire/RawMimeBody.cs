using MimeKit;

namespace SmartSender.Core.Delivery.Wire;

/// <summary>
/// A message body that is already in its final bytes, for MailKit: it has no header fields of its own (the message's
/// header carries its Content-Type) and writes its bytes unchanged, so the DKIM body hash still holds.
/// </summary>
internal sealed class RawMimeBody : MimeEntity
{
    public RawMimeBody()
        : base(new ContentType("application", "octet-stream"))
    {
        Headers.Clear();
    }

    public ReadOnlyMemory<byte> Content { get; set; }

    /// <summary>The transfer encodings were fixed when the bytes were written.</summary>
    public override void Prepare(EncodingConstraint constraint, int maxLineLength = 78)
    {
    }

    public override void WriteTo(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        stream.Write(Content.Span);
    }

    public override async Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default) =>
        await stream.WriteAsync(Content, cancellationToken);
}
