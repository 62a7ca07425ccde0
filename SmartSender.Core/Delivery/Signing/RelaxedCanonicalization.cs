using System.Buffers;
using System.Security.Cryptography;

namespace SmartSender.Core.Delivery.Signing;

/// <summary>
/// DKIM's "relaxed" canonicalization (RFC 6376 §3.4.2 and §3.4.4) over the bytes of a message as they go on the wire.
/// </summary>
public static class RelaxedCanonicalization
{
    private static readonly SearchValues<byte> Whitespace = SearchValues.Create(" \t"u8);

    /// <summary>
    /// Appends the relaxed form of a body to <paramref name="hash"/>: runs of spaces and tabs become one space,
    /// whitespace at line ends goes, empty lines at the end go, and a non-empty body ends with exactly one CRLF.
    /// Lines end in CRLF or a bare LF (written as CRLF).
    /// </summary>
    public static void HashBody(ReadOnlySpan<byte> body, IncrementalHash hash)
    {
        if (IsRelaxed(body))
        {
            // Already canonical but for empty lines at the end: hashed as it is.
            var end = body.Length;
            while (end >= 4 && body[(end - 4)..end].SequenceEqual("\r\n\r\n"u8))
            {
                end -= 2;
            }

            hash.AppendData(end == 2 ? [] : body[..end]);
            return;
        }

        // A bare LF becomes CRLF, so the output may be longer than the input by one byte per line.
        var output = Common.Buffers.Rent(body.Length + body.Count((byte)'\n') + 3);
        try
        {
            var length = 0;
            var lastContent = 0; // the output length after the last line with content, CRLF included
            while (!body.IsEmpty)
            {
                var end = body.IndexOf((byte)'\n');
                var line = end < 0 ? body : body[..end];
                body = end < 0 ? [] : body[(end + 1)..];
                if (!line.IsEmpty && line[^1] == '\r')
                {
                    line = line[..^1];
                }

                // Whitespace at the line's end goes; each inner run of it becomes one space, copied around in bulk.
                line = line[..(line.LastIndexOfAnyExcept(Whitespace) + 1)];
                var hasContent = !line.IsEmpty;
                while (!line.IsEmpty)
                {
                    var run = line.IndexOfAny(Whitespace);
                    var text = run < 0 ? line : line[..run];
                    text.CopyTo(output.AsSpan(length));
                    length += text.Length;
                    if (run < 0)
                    {
                        break;
                    }

                    output[length++] = (byte)' ';
                    line = line[run..];
                    line = line[line.IndexOfAnyExcept(Whitespace)..];
                }

                output[length++] = (byte)'\r';
                output[length++] = (byte)'\n';
                if (hasContent)
                {
                    lastContent = length;
                }
            }

            hash.AppendData(output, 0, lastContent);
        }
        finally
        {
            Common.Buffers.Return(output);
        }
    }

    /// <summary>
    /// Whether the relaxed form of a non-empty body differs from it only by empty lines at its end: every line ends in
    /// CRLF, and no tab, two spaces in a row or space before a line end occurs (what SmartSender's own writer makes).
    /// </summary>
    private static bool IsRelaxed(ReadOnlySpan<byte> body) =>
        body.EndsWith("\r\n"u8)
        && body.IndexOf((byte)'\t') < 0 && body.IndexOf("  "u8) < 0 && body.IndexOf(" \r"u8) < 0
        && body.Count((byte)'\n') == body.Count("\r\n"u8) && body.Count((byte)'\r') == body.Count("\r\n"u8);

    /// <summary>
    /// The relaxed form of one header field (RFC 6376 §3.4.2) written to <paramref name="output"/>: the name in lower
    /// case, a colon, the value unfolded with runs of whitespace made one space and none at its ends; then CRLF unless
    /// <paramref name="last"/> (the signature's own field). <paramref name="output"/> holds at least name, value and 3
    /// bytes; returns the length written.
    /// </summary>
    /// <param name="rawValue">The value as written after the colon, folds and final line break included.</param>
    public static int Header(ReadOnlySpan<byte> name, ReadOnlySpan<byte> rawValue, Span<byte> output, bool last = false)
    {
        var length = 0;
        foreach (var c in name.TrimEnd(" \t"u8))
        {
            output[length++] = (byte)(c is >= (byte)'A' and <= (byte)'Z' ? c + 32 : c);
        }

        output[length++] = (byte)':';
        var pendingSpace = false;
        var started = false;
        foreach (var b in rawValue)
        {
            if (b is (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            if (b is (byte)' ' or (byte)'\t')
            {
                pendingSpace = started;
                continue;
            }

            if (pendingSpace)
            {
                output[length++] = (byte)' ';
                pendingSpace = false;
            }

            output[length++] = b;
            started = true;
        }

        if (!last)
        {
            output[length++] = (byte)'\r';
            output[length++] = (byte)'\n';
        }

        return length;
    }
}
