using System.Diagnostics;
using Fluid;
using Fluid.Values;

namespace SmartSender.Core.Templates;

/// <summary>
/// Keeps one render within bounds that Fluid's step limit alone does not give: every filter result, assigned and
/// captured value is at most <see cref="TemplateRenderer.MaxOutputChars"/> characters (or <see cref="MaxItems"/>
/// items), filters whose result could be far larger than their input (<c>replace</c>, <c>join</c>,
/// <c>concat</c>) are checked before they run, and a render stops after <see cref="TemplateRenderer.MaxRenderTime"/>.
/// Without this, <c>{% assign s = s | append: s %}</c> in a loop doubles a string until the process runs out of memory.
/// </summary>
internal static class LiquidGuards
{
    public const int MaxItems = 100_000;
    private const string DeadlineKey = "smartsender.deadline";

    public static void Apply(TemplateOptions options)
    {
        foreach (var (name, filter) in options.Filters.ToList())
        {
            options.Filters.AddFilter(name, Guard(name, filter));
        }

        options.Assigned = (_, value, context) => Checked(value, context);
        options.Captured = (_, value, context) => Checked(value, context);
    }

    /// <summary>Starts the clock of one render.</summary>
    public static void Start(TemplateContext context) =>
        context.AmbientValues[DeadlineKey] = Stopwatch.GetTimestamp() + (long)(TemplateRenderer.MaxRenderTime.TotalSeconds * Stopwatch.Frequency);

    private static FilterDelegate Guard(string name, FilterDelegate filter) => async (input, arguments, context) =>
    {
        CheckTime(context);
        CheckBefore(name, input, arguments, context);
        return Check(await filter(input, arguments, context));
    };

    private static ValueTask<FluidValue> Checked(FluidValue value, TemplateContext context)
    {
        CheckTime(context);
        return ValueTask.FromResult(Check(value));
    }

    private static void CheckBefore(string name, FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        long worst = name switch
        {
            "replace" => ReplacedLength(input.ToStringValue(), arguments.At(0).ToStringValue(), arguments.At(1).ToStringValue()),
            "join" => input.Enumerate(context).Sum(v => (long)v.ToStringValue().Length + arguments.At(0).ToStringValue().Length),
            _ => 0,
        };
        if (worst > TemplateRenderer.MaxOutputChars)
        {
            throw TooLarge();
        }

        if (name == "concat" && (long)Count(input) + Count(arguments.At(0)) > MaxItems)
        {
            throw TooLarge();
        }
    }

    private static long ReplacedLength(string input, string search, string replacement)
    {
        if (search.Length == 0 || replacement.Length <= search.Length)
        {
            return input.Length;
        }

        long occurrences = 0;
        for (var at = input.IndexOf(search, StringComparison.Ordinal); at >= 0; at = input.IndexOf(search, at + search.Length, StringComparison.Ordinal))
        {
            occurrences++;
        }

        return input.Length + occurrences * (replacement.Length - search.Length);
    }

    private static int Count(FluidValue value) => value is ArrayValue array ? array.Values.Count : 1;

    private static FluidValue Check(FluidValue value) => value switch
    {
        StringValue s when s.ToStringValue().Length > TemplateRenderer.MaxOutputChars => throw TooLarge(),
        ArrayValue a when a.Values.Count > MaxItems => throw TooLarge(),
        _ => value,
    };

    private static void CheckTime(TemplateContext context)
    {
        if (context.AmbientValues.TryGetValue(DeadlineKey, out var deadline) && Stopwatch.GetTimestamp() > (long)deadline)
        {
            throw new TemplateLimitException($"it took longer than {TemplateRenderer.MaxRenderTime.TotalSeconds:0.#} s.");
        }
    }

    private static TemplateLimitException TooLarge() =>
        new($"a value grew too large (more than {TemplateRenderer.MaxOutputChars:N0} characters or {MaxItems:N0} items).");
}

/// <summary>A render stopped by <see cref="LiquidGuards"/>; the message says which limit.</summary>
internal sealed class TemplateLimitException(string message) : Exception(message);
