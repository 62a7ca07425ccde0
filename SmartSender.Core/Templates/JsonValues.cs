using System.Text.Json;
using Fluid;
using Fluid.Values;

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

    /// <summary>
    /// An object's properties as Liquid values, made once: handing <see cref="FluidValue.Create"/> the plain values
    /// instead would convert every nested value again at each read.
    /// </summary>
    public static Dictionary<string, FluidValue> FluidProperties(JsonElement value, TemplateOptions options)
    {
        var properties = new Dictionary<string, FluidValue>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            properties[property.Name] = ToFluid(property.Value, options);
        }

        return properties;
    }

    /// <summary>The Liquid value of <see cref="ToClr"/>'s result, without the detour.</summary>
    private static FluidValue ToFluid(JsonElement value, TemplateOptions options) => value.ValueKind switch
    {
        JsonValueKind.Object => new DictionaryValue(new FluidValueDictionaryFluidIndexable(FluidProperties(value, options))),
        JsonValueKind.Array => new ArrayValue(value.EnumerateArray().Select(v => ToFluid(v, options)).ToArray()),
        JsonValueKind.String => new StringValue(value.GetString()!),
        JsonValueKind.Number => value.TryGetDecimal(out var d) ? NumberValue.Create(d) : FluidValue.Create(value.GetDouble(), options),
        JsonValueKind.True => BooleanValue.True,
        JsonValueKind.False => BooleanValue.False,
        _ => NilValue.Instance,
    };
}
