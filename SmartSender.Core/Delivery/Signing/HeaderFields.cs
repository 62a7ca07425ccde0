namespace SmartSender.Core.Delivery.Signing;

/// <summary>A header field of a written message: where it starts, how long its name is, and where its value (folds included) lies.</summary>
internal readonly record struct HeaderFields(int Start, int NameLength, int ValueStart, int ValueLength)
{
    public int End => ValueStart + ValueLength;

    public ReadOnlySpan<byte> Name(ReadOnlySpan<byte> block) => block.Slice(Start, NameLength);

    /// <param name="block">The header block, every line ending in CRLF, without the empty line after it.</param>
    public static List<HeaderFields> Parse(ReadOnlySpan<byte> block)
    {
        var fields = new List<HeaderFields>(24);
        var position = 0;
        while (position < block.Length)
        {
            var start = position;
            // A field runs to the CRLF that is not followed by whitespace (a fold).
            do
            {
                var end = block[position..].IndexOf("\r\n"u8);
                position = end < 0 ? block.Length : position + end + 2;
            }
            while (position < block.Length && block[position] is (byte)' ' or (byte)'\t');

            var field = block[start..position];
            var colon = field.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = field[..colon].TrimEnd(" \t"u8);
            fields.Add(new HeaderFields(start, name.Length, start + colon + 1, field.Length - colon - 1));
        }

        return fields;
    }
}
