using System.Text.Json;

namespace SmartSender.Core.Templates;

/// <summary>Template variables arrive as JSON; Liquid reads dictionaries, lists and plain values.</summary>
public static class JsonValues
{
    public static object? ToClr(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => ToClr(p.Value)),
        JsonValueKind.Array => value.EnumerateArray().Select(ToClr).ToList(),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetDecimal(out var d) ? d : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
