using System.Buffers;
using MimeKit;
using SmartSender.Core.Domains.Dkim;
using SmartSender.Core.Delivery.Signing;

namespace SmartSender.Core.Delivery.Wire;

/// <summary>
/// A message as it goes on the wire, written once: its header block and body, every line ending in CRLF, and the
/// DKIM-Signature fields added above them. What is signed is exactly what is sent. Disposing it, once sent, gives its
/// buffer back to the pool.
/// </summary>
public sealed class WireMessage : IDisposable
{
    private byte[] _bytes;
    private readonly int _headerLength;
    private readonly int _length;
    private readonly List<byte[]> _added = [];

    internal WireMessage(byte[] bytes, int headerLength, int length, MailboxAddress recipient)
    {
        (_bytes, _headerLength, _length, Recipient) = (bytes, headerLength, length, recipient);
    }

    /// <summary>The one address it goes to.</summary>
    public MailboxAddress Recipient { get; }

    /// <summary>The header fields as written, without the fields added since; every one ends in CRLF.</summary>
    public ReadOnlySpan<byte> Header => _bytes.AsSpan(0, _headerLength);

    /// <summary>The body after the empty line that ends the header.</summary>
    public ReadOnlySpan<byte> Body => BodyBytes.Span;

    /// <summary>Adds a complete header field (name, value, CRLF) above all the others, as a signer does.</summary>
    public void AddOnTop(byte[] field) => _added.Insert(0, field);

    public byte[] ToArray()
    {
        using var stream = new MemoryStream(_length + _added.Sum(f => f.Length));
        foreach (var field in _added)
        {
            stream.Write(field);
        }

        stream.Write(_bytes, 0, _length);
        return stream.ToArray();
    }

    /// <summary>Puts the header fields, as they were written, into <paramref name="headers"/>, the added ones first.</summary>
    internal void CopyHeaderTo(HeaderList headers)
    {
        foreach (var field in _added)
        {
            headers.Add(Parse(field, 0, field.Length));
        }

        foreach (var field in HeaderFields.Parse(Header))
        {
            headers.Add(Parse(_bytes, field.Start, field.ValueStart + field.ValueLength - field.Start));
        }
    }

    /// <summary>
    /// The whole header as one field for MimeKit: the value of the top DKIM-Signature field runs on through every
    /// field below it. MimeKit writes a value it did not format byte for byte, and does not read a DKIM-Signature,
    /// so MailKit sends the header exactly as written without MimeKit parsing each field. Null when no field was added.
    /// </summary>
    internal MimeKit.Header? AsOneField()
    {
        if (_added.Count == 0 || !_added[0].AsSpan().StartsWith("DKIM-Signature:"u8))
        {
            return null;
        }

        var prefix = "DKIM-Signature:"u8.Length;
        var value = new byte[_added.Sum(f => f.Length) - prefix + _headerLength];
        var at = 0;
        foreach (var field in _added)
        {
            var part = at == 0 ? field.AsSpan(prefix) : field;
            part.CopyTo(value.AsSpan(at));
            at += part.Length;
        }

        Header.CopyTo(value.AsSpan(at));
        var header = new MimeKit.Header(HeaderId.DkimSignature, "-");
        header.SetRawValue(value);
        return header;
    }

    internal ReadOnlyMemory<byte> BodyBytes => _bytes.AsMemory(_headerLength + 2, _length - _headerLength - 2);

    public void Dispose()
    {
        var bytes = Interlocked.Exchange(ref _bytes, []);
        if (bytes.Length > 0)
        {
            Common.Buffers.Return(bytes);
        }
    }

    private static MimeKit.Header Parse(byte[] bytes, int start, int length) =>
        MimeKit.Header.TryParse(bytes, start, length, out var header) ? header : throw new FormatException("A header field that was written cannot be read.");
}
