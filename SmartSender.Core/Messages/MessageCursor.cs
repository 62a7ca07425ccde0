using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace SmartSender.Core.Messages;

/// <summary>Where a page of the message log ended: the last message's creation time and id, as an opaque token.</summary>
public readonly record struct MessageCursor(DateTime CreatedAt, Guid Id)
{
    public string Token => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{CreatedAt.Ticks}.{Id:N}")));

    public static bool TryParse(string? token, out MessageCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return false;
        }

        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token)).Split('.');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks is >= 0 and <= 3155378975999999999 && Guid.TryParseExact(parts[1], "N", out var id))
            {
                cursor = new MessageCursor(new DateTime(ticks, DateTimeKind.Utc), id);
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }
}
