using System.Globalization;
using System.Text.Json.Nodes;

namespace SmartSender.Core.Contacts;

/// <summary>Reads a field's text (from a CSV cell or the API) as its type; null text is no value.</summary>
public static class FieldValues
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ssK"];

    public static (JsonNode? Value, string? Error) Read(string field, ContactFieldType type, string text)
    {
        text = text.Trim();
        switch (type)
        {
            case ContactFieldType.Number when decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number):
                return (JsonValue.Create(number), null);
            case ContactFieldType.Number:
                return (null, $"{field} \"{Shorten(text)}\" is not a number");
            case ContactFieldType.Date when DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date):
                return (JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), null);
            case ContactFieldType.Date:
                return (null, $"{field} \"{Shorten(text)}\" is not a date (yyyy-MM-dd)");
            case ContactFieldType.Boolean when text.ToLowerInvariant() is "true" or "yes" or "1" or "y":
                return (JsonValue.Create(true), null);
            case ContactFieldType.Boolean when text.ToLowerInvariant() is "false" or "no" or "0" or "n":
                return (JsonValue.Create(false), null);
            case ContactFieldType.Boolean:
                return (null, $"{field} \"{Shorten(text)}\" is not true or false");
            default:
                return text.Length > 1000 ? (null, $"{field} is longer than 1000 characters") : (JsonValue.Create(text), null);
        }
    }

    private static string Shorten(string text) => text.Length <= 30 ? text : text[..30] + "…";
}
