using System.Text.Json;
using Fluid;
using Fluid.Values;

namespace SmartSender.Core.Templates;

/// <summary>Template variables arrive as JSON; Liquid reads them as its own values, made once per render.</summary>
public static class JsonValues
{
    /// <summary>
    /// An object's properties as Liquid values; JSON may repeat a name, and then the last one counts, as in
    /// JavaScript. Made once: handing <see cref="FluidValue.Create"/> plain dictionaries instead would convert every
    /// nested value again at each read.
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

    /// <summary>Objects as dictionaries, arrays as lists, numbers as decimals where they fit.</summary>
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
