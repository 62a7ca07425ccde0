using System.Globalization;
using System.Text.Json;
using SmartSender.Core.Templates;

namespace SmartSender.Tests.Templates;

public class TemplateRendererTests
{
    private readonly TemplateRenderer _renderer = new();

    [Fact]
    public void Render_FillsVariablesInEveryPart()
    {
        var rendered = Render(new TemplateContent("Welcome, {{ user.name }}", "<p>Hi {{ user.name }}, order {{ order.id }}</p>", "Hi {{ user.name }}"),
            """{ "user": { "name": "Ann" }, "order": { "id": 1042 } }""");

        Assert.Equal("Welcome, Ann", rendered.Subject);
        Assert.Equal("<p>Hi Ann, order 1042</p>", rendered.Html);
        Assert.Equal("Hi Ann", rendered.Text);
    }

    [Fact]
    public void Render_EncodesVariablesInHtml_UnlessMarkedRaw()
    {
        var rendered = Render(new TemplateContent("{{ name }} & co", "<p>{{ name }}</p><div>{{ banner | raw }}</div>", null),
            """{ "name": "<script>alert(1)</script>", "banner": "<b>Sale</b>" }""");

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", rendered.Html);
        Assert.DoesNotContain("<script>", rendered.Html);
        Assert.Contains("<b>Sale</b>", rendered.Html);
        Assert.Equal("<script>alert(1)</script> & co", rendered.Subject);
    }

    [Theory]
    [InlineData("{% include 'footer' %}")]
    [InlineData("{%- render 'footer', name: name -%}")]
    public void Parse_IncludeOrRender_IsASyntaxErrorWithItsPartAndLine(string tag)
    {
        var parsed = _renderer.Parse(new TemplateContent("Hi", $"<p>Hello</p>\n<p>Bye</p>\n{tag}", null));

        var error = Assert.IsType<TemplateSyntaxError>(Assert.Single(parsed.Errors));
        Assert.Equal(TemplatePart.Html, error.Part);
        Assert.Equal(3, error.Line);
        Assert.Contains("not supported", error.Message);
    }

    [Fact]
    public void Render_LoopOfAHundredMillionSteps_SaysItExceededTheStepLimit()
    {
        var parsed = _renderer.Parse(new TemplateContent("s", "{% for i in (1..9999) %}{% for j in (1..9999) %}x{% endfor %}{% endfor %}", null));

        var rendered = _renderer.Render(parsed.Value!, null);

        var error = Assert.Single(rendered.Errors);
        Assert.True(error.Message.Contains("100,000 steps"), error.Message);
        Assert.DoesNotContain("include", error.Message);
    }

    [Fact]
    public void Render_LoopsOverLists()
    {
        var rendered = Render(new TemplateContent("Order", "<ul>{% for item in items %}<li>{{ item.name }} x{{ item.qty }}</li>{% endfor %}</ul>", null),
            """{ "items": [ { "name": "Tea", "qty": 2 }, { "name": "Mug", "qty": 1 } ] }""");

        Assert.Equal("<ul><li>Tea x2</li><li>Mug x1</li></ul>", rendered.Html);
    }

    [Fact]
    public void Render_ReadsEveryKindOfJsonValue()
    {
        var rendered = Render(new TemplateContent("x", null,
                "{{ customer.address.city }}|{{ tags | size }}|{{ tags | join: ',' }}|{% if vip %}vip{% endif %}{% unless trial %}paid{% endunless %}|{{ note | default: 'none' }}|{{ score | plus: 1 }}|{{ customer.size }}"),
            """{ "customer": { "address": { "city": "Lyon" }, "name": "Ann" }, "tags": ["a", "b"], "vip": true, "trial": false, "note": null, "score": 1.5e3 }""");

        Assert.Equal("Lyon|2|a,b|vippaid|none|1501|2", rendered.Text);
    }

    [Fact]
    public void Render_MissingVariable_IsAnErrorNamingIt()
    {
        var result = _renderer.Render(new TemplateContent("Hi {{ first_name }}", "<p>{{ coupon }}</p>", null), Json("""{ "first_name": "Ann" }"""));

        var error = Assert.Single(result.Errors);
        Assert.Equal("template_variables_missing", error.Code);
        Assert.Contains("coupon", error.Message);
        Assert.DoesNotContain("first_name", error.Message);
    }

    [Fact]
    public void Render_MissingVariableWithADefault_UsesTheDefault()
    {
        var rendered = Render(new TemplateContent("Hi {{ first_name | default: \"there\" }}", null, "Hello"), "{}");

        Assert.Equal("Hi there", rendered.Subject);
    }

    [Fact]
    public void Variables_AreListedFromTheSyntax_WithoutLocals()
    {
        var parsed = _renderer.Parse(new TemplateContent(
            "{{ user.name }}",
            "{% assign total = order.total %}{% for item in order.items %}{{ item.name }}{% endfor %}{{ coupon | default: 'none' }}{{ total }}",
            null)).Value!;

        Assert.Equal(["coupon", "order", "user"], parsed.Variables.Used);
        Assert.Equal(["order", "user"], parsed.Variables.Required);
    }

    [Fact]
    public void Parse_SyntaxError_SaysThePartAndLine()
    {
        var result = _renderer.Parse(new TemplateContent("Hello", "<p>one</p>\n<p>two</p>\n<p>{{ name }</p>", null));

        var error = Assert.IsType<TemplateSyntaxError>(Assert.Single(result.Errors));
        Assert.Equal(TemplatePart.Html, error.Part);
        Assert.Equal(3, error.Line);
        Assert.Equal("html", error.Field);
    }

    [Theory]
    [InlineData("de-DE", "1.234,50")]
    [InlineData("en-US", "1,234.50")]
    public void Render_NumbersFollowTheAccountsCulture(string culture, string expected)
    {
        var rendered = _renderer.Render(new TemplateContent("{{ price | format_number: \"N2\" }}", null, "x"), Json("""{ "price": 1234.5 }"""), CultureInfo.GetCultureInfo(culture)).Value!;

        Assert.Equal(expected, rendered.Subject);
    }

    [Fact]
    public void Render_DatesFollowTheAccountsCulture()
    {
        var rendered = _renderer.Render(new TemplateContent("{{ joined | date: \"%d %B %Y\" }}", null, "x"), Json("""{ "joined": "2026-11-28T10:00:00Z" }"""), CultureInfo.GetCultureInfo("fr-FR")).Value!;

        Assert.Equal("28 novembre 2026", rendered.Subject);
    }

    [Fact]
    public void Render_WithoutText_MakesTheTextPartFromTheHtml()
    {
        var rendered = Render(new TemplateContent("Hi", "<h1>Welcome</h1><p>Read <a href=\"https://shop.test/start\">the guide</a>.</p><ul><li>One</li><li>Two</li></ul>", null), "{}");

        Assert.Equal("Welcome\n\nRead the guide (https://shop.test/start).\n\n- One\n- Two", rendered.Text);
    }

    [Fact]
    public void Render_InlinesCssForMailClients()
    {
        var rendered = Render(new TemplateContent("Hi", "<html><head><style>p { color: #c00; }</style></head><body><p>Red</p></body></html>", null), "{}");

        Assert.DoesNotContain("<style", rendered.Html);
        Assert.Contains("style=\"color: #c00", rendered.Html);
    }

    [Fact]
    public void Render_InlinesCssOnceAroundLiquidInTablesAndAttributes()
    {
        var template = new TemplateContent("Order",
            "<style>td { color: #333; } a { color: #00f; }</style><table>{% for item in items %}<tr><td>{{ item }}</td></tr>{% endfor %}</table><a href=\"https://shop.test/o/{{ id }}\">Track</a>",
            null);

        var rendered = Render(template, """{ "items": ["Tea", "Mug"], "id": "A-1" }""");

        Assert.Contains("<td style=\"color: #333\">Tea</td>", rendered.Html);
        Assert.Contains("<td style=\"color: #333\">Mug</td>", rendered.Html);
        Assert.Contains("href=\"https://shop.test/o/A-1\"", rendered.Html);
        Assert.DoesNotContain("lq:", rendered.Html);
        Assert.Contains("Tea", rendered.Text);
        Assert.Contains("Mug", rendered.Text);
        Assert.Contains("Track (https://shop.test/o/A-1)", rendered.Text);
    }

    [Fact]
    public void Render_LineBreakInASubjectVariable_StaysOnOneLine()
    {
        var rendered = Render(new TemplateContent("Hi {{ name }}", null, "x"), """{ "name": "Ann\r\nBcc: all@example.test" }""");

        Assert.Equal("Hi Ann Bcc: all@example.test", rendered.Subject);
    }

    [Theory]
    [InlineData("{% for i in (1..100000000) %}{% endfor %}", "{}")]
    [InlineData("{% for i in (1..n) %}{% endfor %}", "{ \"n\": 100000000 }")]
    public void Render_HugeRange_IsRefusedBeforeItRuns(string text, string variables)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();

        var result = _renderer.Render(new TemplateContent("x", null, text), Json(variables));

        Assert.Equal("template_render_failed", Assert.Single(result.Errors).Code);
        Assert.Contains("at most 10,000", result.Errors[0].Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 50_000_000, "the range was materialised");
    }

    [Fact]
    public void Render_EndlessWork_IsStoppedByTheStepLimit()
    {
        var result = _renderer.Render(new TemplateContent("x", null, "{% for i in (1..9999) %}{% for j in (1..9999) %}.{% endfor %}{% endfor %}"), Json("{}"));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors[0].Code, new[] { "template_render_failed", "template_output_too_large" });
    }

    [Theory]
    [InlineData("{% assign s = 'xxxxxxxx' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}")]
    [InlineData("{% assign s = 'xxxxxxxx' %}{% for i in (1..40) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{{ s | size }}")]
    [InlineData("{% assign a = 'x,y' | split: ',' %}{% for i in (1..40) %}{% assign a = a | concat: a %}{% endfor %}{{ a | size }}")]
    [InlineData("{% assign s = big | replace: 'a', big %}{{ s | size }}")]
    [InlineData("{% assign a = big | split: '' %}{% assign b = a | concat: a %}{% assign c = b | join: big %}{{ c | size }}")]
    public void Render_ValuesThatGrowWithoutBound_AreStoppedBeforeTheyExhaustMemory(string text)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();

        var result = _renderer.Render(new TemplateContent("x", null, text), Json($$"""{ "big": "{{new string('a', 100_000)}}" }"""));

        Assert.Equal("template_render_failed", Assert.Single(result.Errors).Code);
        Assert.Contains("too large", result.Errors[0].Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 200_000_000, $"{(GC.GetAllocatedBytesForCurrentThread() - before) / 1_000_000} MB allocated");
    }

    [Fact]
    public void Render_SlowWork_IsStoppedByTheTimeLimit()
    {
        var result = _renderer.Render(new TemplateContent("x", null, "{% for i in (1..9999) %}{% for j in (1..9) %}{% assign u = big | upcase | downcase %}{% endfor %}{% endfor %}"),
            Json($$"""{ "big": "{{new string('a', 1_000_000)}}" }"""));

        Assert.Equal("template_render_failed", Assert.Single(result.Errors).Code);
        Assert.Contains("took longer than", result.Errors[0].Message);
    }

    [Fact]
    public void Render_HugeOutput_IsStopped()
    {
        var result = _renderer.Render(new TemplateContent("x", null, "{% for i in (1..1000) %}{{ chunk }}{% endfor %}"), Json($$"""{ "chunk": "{{new string('a', 5000)}}" }"""));

        Assert.Equal("template_output_too_large", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Render_VariablesThatAreNotAnObject_AreRefused()
    {
        Assert.Equal("template_variables_invalid", Assert.Single(_renderer.Render(new TemplateContent("x", null, "y"), Json("[1,2]")).Errors).Code);
    }

    private RenderedContent Render(TemplateContent content, string variables)
    {
        var result = _renderer.Render(content, Json(variables));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        return result.Value!;
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
