using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fluid;
using Fluid.Values;
using SmartSender.Core.Common;

namespace SmartSender.Core.Templates;

/// <summary>
/// Renders Liquid templates (Fluid). Each distinct source is parsed once and cached, and versions never
/// change, so a version is parsed once. Variables are HTML-encoded in HTML output unless marked
/// <c>| raw</c>; a template is stopped after <see cref="MaxSteps"/> statements or <see cref="MaxOutputChars"/>
/// characters, so a hostile template cannot hang or exhaust the server.
/// </summary>
public partial class TemplateRenderer
{
    public const int MaxSteps = 100_000;
    public const int MaxOutputChars = 2_000_000;
    public const int MaxRangeItems = 10_000;
    public const int MaxRecursion = 32;
    public static readonly TimeSpan MaxRenderTime = TimeSpan.FromSeconds(1);
    private const int MaxCachedSources = 10_000;

    private static readonly FluidParser Parser = new();
    private static readonly Dictionary<string, object?> EmptySystem = [];
    private readonly ConcurrentDictionary<string, IFluidTemplate> _parsed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<TemplateContent, ParsedTemplate> _prepared = new();

    /// <summary>The same content object (a cached template version) is found without hashing its text again.</summary>
    private readonly ConditionalWeakTable<TemplateContent, ParsedTemplate> _preparedByReference = new();

    /// <summary>Each thread renders one part at a time into its own buffer; only the finished text is allocated.</summary>
    [ThreadStatic]
    private static StringBuilder? _output;
    private readonly ConcurrentDictionary<string, TemplateOptions> _options = new(StringComparer.Ordinal);

    public Result<ParsedTemplate> Parse(TemplateContent content)
    {
        // A version's content never changes, so the whole preparation (parsing, CSS inlining, the text part)
        // happens once per version, not once per message.
        if (_preparedByReference.TryGetValue(content, out var cached))
        {
            return Result<ParsedTemplate>.Success(cached);
        }

        if (_prepared.TryGetValue(content, out cached))
        {
            _preparedByReference.AddOrUpdate(content, cached);
            return Result<ParsedTemplate>.Success(cached);
        }

        var errors = new List<Error>();
        var subject = ParsePart(TemplatePart.Subject, content.Subject, errors);
        var html = string.IsNullOrWhiteSpace(content.Html) ? null : ParsePart(TemplatePart.Html, content.Html, errors);
        var text = string.IsNullOrWhiteSpace(content.Text) ? null : ParsePart(TemplatePart.Text, content.Text, errors);
        if (errors.Count > 0)
        {
            return Result<ParsedTemplate>.Failure(errors);
        }

        // CSS inlining and the text part are done once on the template, not on every message.
        (IFluidTemplate? Html, IFluidTemplate? Text)? prepared = html is null ? null : Prepare(content.Html!);
        var parsed = new ParsedTemplate(subject!, prepared?.Html ?? html, text ?? prepared?.Text)
        {
            InlineAtRender = html is not null && prepared?.Html is null,
            TextFromHtmlAtRender = html is not null && text is null && prepared?.Text is null,
            CanNestDeep = new[] { content.Subject, content.Html, content.Text }.Sum(p => p?.Split("{%").Length - 1 ?? 0) >= MaxRecursion,
        };
        if (_prepared.Count >= MaxCachedSources)
        {
            _prepared.Clear();
        }

        _prepared[content] = parsed;
        _preparedByReference.AddOrUpdate(content, parsed);
        return Result<ParsedTemplate>.Success(parsed);
    }

    public Result<RenderedContent> Render(
        TemplateContent content, JsonElement? variables, CultureInfo? culture = null, IReadOnlyDictionary<string, object?>? system = null)
    {
        var parsed = Parse(content);
        return parsed.Succeeded ? Render(parsed.Value!, variables, culture, system) : Result<RenderedContent>.Failure(parsed.Errors);
    }

    /// <param name="system">The <see cref="SystemVariables"/> of this message; they win over a caller's variables of the same name.</param>
    public Result<RenderedContent> Render(
        ParsedTemplate template, JsonElement? variables, CultureInfo? culture = null, IReadOnlyDictionary<string, object?>? system = null)
    {
        if (variables is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) })
        {
            return TemplateErrors.VariablesNotAnObject();
        }

        var options = OptionsFor(culture ?? CultureInfo.InvariantCulture);
        var given = variables is { ValueKind: JsonValueKind.Object } obj ? JsonValues.FluidProperties(obj, options) : [];
        foreach (var (name, value) in system ?? EmptySystem)
        {
            given[name] = FluidValue.Create(value, options);
        }

        if (template.Variables.Required.Any(v => !given.ContainsKey(v)))
        {
            return TemplateErrors.MissingVariables([.. template.Variables.Required.Where(v => !given.ContainsKey(v))]);
        }

        var context = new TemplateContext(options);
        LiquidGuards.Start(context);
        foreach (var (name, value) in given)
        {
            context.SetValue(name, value);
        }

        if (TooLongRange(template, context) is { } error)
        {
            return error;
        }

        try
        {
            // A subject is one header line: line breaks in variables must not start a new header.
            var subject = OneLine(RenderPart(template.Subject, context, NullEncoder.Default));
            var html = template.Html is null ? null : RenderPart(template.Html, context, HtmlEncoder.Default);
            html = template.InlineAtRender ? CssInliner.Inline(html!) : html;
            var text = template.Text is not null && !template.TextFromHtmlAtRender
                ? RenderPart(template.Text, context, NullEncoder.Default)
                : HtmlToText.Convert(html ?? "");
            return Result<RenderedContent>.Success(new RenderedContent(subject, html, text));
        }
        catch (OutputLimitExceededException)
        {
            return TemplateErrors.TooLarge(MaxOutputChars);
        }
        catch (TemplateLimitException ex)
        {
            return TemplateErrors.RenderFailed(ex.Message);
        }
        catch (InvalidOperationException)
        {
            // Fluid stops a template that exceeds MaxSteps or MaxRecursion this way, with words about cyclic includes for
            // both (which templates cannot have), so the limit is named in ours.
            return TemplateErrors.RenderFailed(template.CanNestDeep
                ? $"it ran more than {MaxSteps.ToString("N0", CultureInfo.InvariantCulture)} steps (loops and tags) or nested its tags more than {MaxRecursion} levels deep."
                : $"it ran more than {MaxSteps.ToString("N0", CultureInfo.InvariantCulture)} steps (loops and tags); make its loops shorter.");
        }
    }

    private static string OneLine(string subject) =>
        (subject.AsSpan().ContainsAny('\r', '\n') ? LineBreaks().Replace(subject, " ") : subject).Trim();

    /// <summary>(1..100000000) would allocate gigabytes before the step limit counts a single iteration.</summary>
    private static Error? TooLongRange(ParsedTemplate template, TemplateContext context)
    {
        foreach (var range in template.Variables.Ranges)
        {
            var from = Evaluate(range.From, context);
            var to = Evaluate(range.To, context);
            if (Math.Abs(to - from) >= MaxRangeItems)
            {
                return TemplateErrors.RenderFailed($"a for loop over ({from}..{to}) would run {Math.Abs(to - from) + 1:N0} times; at most {MaxRangeItems:N0} are allowed.");
            }
        }

        return null;
    }

    private static decimal Evaluate(Fluid.Ast.Expression expression, TemplateContext context)
    {
        var value = expression.EvaluateAsync(context);
        return (value.IsCompletedSuccessfully ? value.Result : value.AsTask().GetAwaiter().GetResult()).ToNumberValue();
    }

    private static string RenderPart(IFluidTemplate template, TemplateContext context, TextEncoder encoder)
    {
        var output = _output ?? new StringBuilder(4096);
        _output = null;
        output.Clear();
        try
        {
            using var writer = new LimitedStringWriter(MaxOutputChars, output);
            // No filter of ours is asynchronous, so rendering completes synchronously.
            var rendering = template.RenderAsync(writer, encoder, context);
            if (!rendering.IsCompletedSuccessfully)
            {
                rendering.AsTask().GetAwaiter().GetResult();
            }

            return output.ToString();
        }
        finally
        {
            // A huge output's buffer is not kept.
            _output = output.Capacity <= 65_536 ? output : null;
        }
    }

    private IFluidTemplate? ParsePart(TemplatePart part, string source, List<Error> errors)
    {
        if (_parsed.TryGetValue(source, out var cached))
        {
            return cached;
        }

        if (!Parser.TryParse(source, out var template, out var error))
        {
            var position = Position().Match(error);
            var line = position.Success ? int.Parse(position.Groups[1].Value, CultureInfo.InvariantCulture) : 1;
            errors.Add(new TemplateSyntaxError(part, line, Position().Replace(error.Split('\n')[0], "").Replace(" at ", " ").Trim()));
            return null;
        }

        // A template is one self-contained text: there are no files to include, and a tag that reads one would fail
        // at every send. Refused here, where the editor and the API show it with its line.
        if (IncludeTag().Match(source) is { Success: true } include)
        {
            var line = source.AsSpan(0, include.Index).Count('\n') + 1;
            errors.Add(new TemplateSyntaxError(part, line, $"{{% {include.Groups[1].Value} %}} is not supported: a template cannot include another; put the content in this template"));
            return null;
        }

        if (_parsed.Count >= MaxCachedSources)
        {
            _parsed.Clear();
        }

        _parsed[source] = template;
        return template;
    }

    /// <summary>The HTML template with its CSS inlined, and a text template made from it; each null when the shield could not keep the Liquid intact.</summary>
    private (IFluidTemplate? Html, IFluidTemplate? Text) Prepare(string html)
    {
        var ignored = new List<Error>();
        var inlined = LiquidShield.Transform(html, CssInliner.Inline);
        var text = LiquidShield.Transform(inlined ?? html, HtmlToText.Convert);
        return (inlined is null ? null : ParsePart(TemplatePart.Html, inlined, ignored), text is null ? null : ParsePart(TemplatePart.Text, text, ignored));
    }

    private TemplateOptions OptionsFor(CultureInfo culture) =>
        _options.GetOrAdd(culture.Name, _ =>
        {
            var options = new TemplateOptions
            {
                CultureInfo = culture,
                MaxSteps = MaxSteps,
                MaxRecursion = MaxRecursion,
                TimeZone = TimeZoneInfo.Utc,
            };
            LiquidGuards.Apply(options);
            return options;
        });

    [GeneratedRegex(@"\((\d+):(\d+)\)")]
    private static partial Regex Position();

    [GeneratedRegex(@"\{%-?\s*(include|render)\b", RegexOptions.IgnoreCase)]
    private static partial Regex IncludeTag();

    [GeneratedRegex(@"[\r\n]+")]
    private static partial Regex LineBreaks();
}
