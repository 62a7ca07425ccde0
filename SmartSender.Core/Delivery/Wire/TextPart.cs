using System.Buffers;
using System.Text;

namespace SmartSender.Core.Delivery.Wire;

/// <summary>
/// A text body part in UTF-8 with the transfer encoding that keeps it 7-bit (RFC 2045 §6): as it is when every line is
/// short printable ASCII, quoted-printable when most of it is, base64 when much of it is not. Either way the written
/// part has no tab, no two spaces in a row and no space at a line's end, so DKIM's relaxed body canonicalization
/// (RFC 6376 §3.4.4) leaves it as it is and the signer hashes it without copying.
/// </summary>
internal static class TextPart
{
    /// <summary>RFC 2045 §6.7 rule 5: encoded lines of at most 76 characters, the soft break's "=" included.</summary>
    private const int EncodedLine = 75;

    /// <summary>RFC 5322 §2.1.1, as MimeKit chooses: a longer line is encoded rather than sent as it is.</summary>
    private const int PlainLine = 78;

    private static readonly SearchValues<byte> Printable = SearchValues.Create(Enumerable.Range(32, 95).Select(b => (byte)b).ToArray());

    /// <summary>RFC 2045 §6.7 rule 2: what quoted-printable may leave as it is ("=" must be encoded; tabs are, too, see above).</summary>
    private static readonly SearchValues<byte> Literal = SearchValues.Create(Enumerable.Range(32, 95).Where(b => b != '=').Select(b => (byte)b).ToArray());

    private static ReadOnlySpan<byte> Hex => "0123456789ABCDEF"u8;

    public static void Write(WireWriter writer, string subtype, string text)
    {
        var buffer = Common.Buffers.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var content = buffer.AsSpan(0, Encoding.UTF8.GetBytes(text, buffer));
            var encoding = Choose(content);
            writer.Text("Content-Type: text/");
            writer.Text(subtype);
            writer.Text("; charset=utf-8\r\nContent-Transfer-Encoding: ");
            writer.Text(encoding);
            writer.NewLine();
            writer.EndHeader();
            switch (encoding)
            {
                case "7bit":
                    WritePlain(writer, content);
                    break;
                case "base64":
                    writer.Base64(content);
                    break;
                default:
                    WriteQuotedPrintable(writer, content);
                    break;
            }
        }
        finally
        {
            Common.Buffers.Return(buffer);
        }
    }

    private static string Choose(ReadOnlySpan<byte> content)
    {
        var plain = true;
        var rest = content;
        while (plain && !rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (end >= 0 && line.EndsWith("\r"u8))
            {
                line = line[..^1];
            }

            plain = line.Length <= PlainLine && !line.ContainsAnyExcept(Printable) && line.IndexOf("  "u8) < 0 && (line.IsEmpty || line[^1] != ' ');
        }

        if (plain)
        {
            return "7bit";
        }

        // Quoted-printable triples each byte outside ASCII; past one in six, base64 (a third longer) is shorter.
        return CountNonAscii(content) * 6 > content.Length ? "base64" : "quoted-printable";
    }

    private static int CountNonAscii(ReadOnlySpan<byte> content)
    {
        var count = 0;
        while (content.IndexOfAnyInRange((byte)0x80, (byte)0xff) is var next and >= 0)
        {
            count++;
            content = content[(next + 1)..];
        }

        return count;
    }

    /// <summary>Lines as they are, each ended by CRLF; a last line without a line break stays without one.</summary>
    private static void WritePlain(WireWriter writer, ReadOnlySpan<byte> content)
    {
        while (!content.IsEmpty)
        {
            var end = content.IndexOf((byte)'\n');
            var line = end < 0 ? content : content[..end];
            writer.Bytes(line.EndsWith("\r"u8) ? line[..^1] : line);
            if (end < 0)
            {
                break;
            }

            writer.NewLine();
            content = content[(end + 1)..];
        }
    }

    /// <summary>RFC 2045 §6.7: line breaks stay line breaks; runs of literal bytes are copied in bulk up to the soft break.</summary>
    private static void WriteQuotedPrintable(WireWriter writer, ReadOnlySpan<byte> content)
    {
        while (!content.IsEmpty)
        {
            var end = content.IndexOf((byte)'\n');
            var line = end < 0 ? content : content[..end];
            if (end >= 0 && line.EndsWith("\r"u8))
            {
                line = line[..^1];
            }

            // Rule 3: whitespace at the end of a line is encoded, or a transport could strip it.
            var trailing = !line.IsEmpty && line[^1] is (byte)' ' or (byte)'\t' ? 1 : 0;
            var column = 0;
            var text = line[..^trailing];
            var position = 0;
            var doubled = text.IndexOf("  "u8);
            while (position < text.Length)
            {
                var run = text[position..].IndexOfAnyExcept(Literal);
                var literal = run < 0 ? text.Length - position : run;
                if (doubled >= 0 && doubled < position)
                {
                    var next = text[position..].IndexOf("  "u8);
                    doubled = next < 0 ? -1 : position + next;
                }

                // The second of two spaces is encoded, so no run of whitespace is left for canonicalization to fold.
                if (doubled >= 0 && doubled < position + literal)
                {
                    literal = doubled + 1 - position;
                }

                while (literal > 0)
                {
                    if (column == EncodedLine)
                    {
                        SoftBreak(writer, ref column);
                    }

                    var count = Math.Min(EncodedLine - column, literal);
                    writer.Bytes(text.Slice(position, count));
                    (column, literal, position) = (column + count, literal - count, position + count);
                }

                if (position < text.Length)
                {
                    Escape(writer, text[position], ref column);
                    position++;
                }
            }

            if (trailing == 1)
            {
                Escape(writer, line[^1], ref column);
            }

            if (end < 0)
            {
                break;
            }

            writer.NewLine();
            content = content[(end + 1)..];
        }
    }

    private static void Escape(WireWriter writer, byte value, ref int column)
    {
        if (column + 3 > EncodedLine)
        {
            SoftBreak(writer, ref column);
        }

        var span = writer.Grow(3);
        (span[0], span[1], span[2]) = ((byte)'=', Hex[value >> 4], Hex[value & 15]);
        writer.Advance(3);
        column += 3;
    }

    private static void SoftBreak(WireWriter writer, ref int column)
    {
        writer.Bytes("=\r\n"u8);
        column = 0;
    }
}
