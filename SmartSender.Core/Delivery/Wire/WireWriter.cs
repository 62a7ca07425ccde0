using System.Buffers;
using System.Globalization;
using System.Text;
using MimeKit;

namespace SmartSender.Core.Delivery.Wire;

/// <summary>
/// Writes a message as it goes on the wire: header fields and MIME parts, every line ending in CRLF, every byte 7-bit
/// (RFC 5322, RFC 2045). Header values that are plain ASCII and short are written as they are; the rest are encoded
/// and folded by MimeKit (RFC 2047, RFC 2231).
/// </summary>
internal sealed class WireWriter(int capacity)
{
    /// <summary>RFC 5322 §2.1.1: lines SHOULD stay within 78 characters.</summary>
    private const int LineLength = 78;

    private static readonly FormatOptions Wire = WireFormat();

    /// <summary>Rented: the message that takes it over gives it back when it has been sent.</summary>
    private byte[] _buffer = Common.Buffers.Rent(capacity);

    public int Length { get; private set; }

    /// <summary>Where the message's header block ends: at the first entity header that was ended.</summary>
    public int HeaderLength { get; private set; } = -1;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public byte[] Buffer => _buffer;

    /// <summary>A header field; <paramref name="value"/> is unstructured text, or an address list for address fields.</summary>
    public void Field(string name, string value)
    {
        if (name.Length + 2 + value.Length <= LineLength && System.Text.Ascii.IsValid(value) && !value.AsSpan().ContainsAnyInRange('\0', '\x1f'))
        {
            Text(name);
            Text(": ");
            Text(value);
            NewLine();
            return;
        }

        Text(name);
        Text(":");
        WithCrLf(new Header(Encoding.UTF8, name, value).RawValue);
    }

    /// <summary>A whole header line that MimeKit formats (with its name), such as Content-Disposition with a file name.</summary>
    public void FormattedField(string line) => WithCrLf(Encoding.ASCII.GetBytes(line + "\n"));

    /// <summary>RFC 5322 §3.3: <c>Sun, 29 Nov 2026 14:48:02 +0000</c>.</summary>
    public static string Date(DateTimeOffset date)
    {
        var offset = date.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture, $"{date:ddd, d MMM yyyy HH:mm:ss} {sign}{offset.Hours:00}{offset.Minutes:00}");
    }

    public static string Format(MailboxAddress address) => address.ToString(Wire, true);

    public static string Format(ContentType type) => type.ToString(Wire, Encoding.UTF8, true);

    public static string Format(ContentDisposition disposition) => disposition.ToString(Wire, Encoding.UTF8, true);

    public void Text(string text)
    {
        var span = Grow(text.Length);
        System.Text.Ascii.FromUtf16(text, span, out _);
        Length += text.Length;
    }

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Grow(bytes.Length));
        Length += bytes.Length;
    }

    public void NewLine() => Bytes("\r\n"u8);

    /// <summary>The empty line after an entity's header fields; the first one ends the message's header block.</summary>
    public void EndHeader()
    {
        if (HeaderLength < 0)
        {
            HeaderLength = Length;
        }

        NewLine();
    }

    /// <summary>Binary content in base64, 76 characters a line (RFC 2045 §6.8).</summary>
    public void Base64(ReadOnlySpan<byte> content)
    {
        while (!content.IsEmpty)
        {
            var chunk = content[..Math.Min(57, content.Length)];
            System.Buffers.Text.Base64.EncodeToUtf8(chunk, Grow(76), out _, out var written);
            Length += written;
            NewLine();
            content = content[chunk.Length..];
        }
    }

    public Span<byte> Grow(int count)
    {
        if (Length + count > _buffer.Length)
        {
            var larger = Common.Buffers.Rent(Math.Max(_buffer.Length * 2, Length + count));
            _buffer.AsSpan(0, Length).CopyTo(larger);
            Common.Buffers.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.AsSpan(Length, count);
    }

    public void Advance(int count) => Length += count;

    /// <summary>MimeKit writes folds as the platform's line break; on the wire every line ends in CRLF.</summary>
    private void WithCrLf(ReadOnlySpan<byte> value)
    {
        while (!value.IsEmpty)
        {
            var end = value.IndexOf((byte)'\n');
            var line = end < 0 ? value : value[..end];
            Bytes(line.EndsWith("\r"u8) ? line[..^1] : line);
            if (end < 0)
            {
                break;
            }

            NewLine();
            value = value[(end + 1)..];
        }
    }

    private static FormatOptions WireFormat()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        return options;
    }
}
