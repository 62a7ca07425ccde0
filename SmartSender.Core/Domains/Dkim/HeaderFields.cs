using System.Text;

namespace SmartSender.Core.Domains.Dkim;

/// <summary>The header fields of a written message: each name, where the field starts, and where its value (folds included) lies in the block.</summary>
internal readonly record struct HeaderFields(string Name, int Start, int ValueStart, int ValueLength, bool Used = false)
{
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

            var name = Encoding.ASCII.GetString(field[..colon]).TrimEnd(' ', '\t');
            fields.Add(new HeaderFields(name, start, start + colon + 1, field.Length - colon - 1));
        }

        return fields;
    }
}
