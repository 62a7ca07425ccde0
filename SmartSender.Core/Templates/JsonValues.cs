using System.Text.Json;

namespace SmartSender.Core.Templates;

/// <summary>Template variables arrive as JSON; Liquid reads dictionaries, lists and plain values.</summary>
public static class JsonValues
{
    public static object? ToClr(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => Properties(value),
        JsonValueKind.Array => value.EnumerateArray().Select(ToClr).ToList(),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetDecimal(out var d) ? d : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>An object's properties; JSON may repeat a name, and then the last one counts, as in JavaScript.</summary>
    public static Dictionary<string, object?> Properties(JsonElement value)
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            properties[property.Name] = ToClr(property.Value);
        }

        return properties;
    }
}
