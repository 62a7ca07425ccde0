using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Persistence;
using SmartSender.Core.Messages;
using SmartSender.Core.Templates;
using SmartSender.Core.Tracking;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Templates;

public class TemplatePreviewerTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private TemplatePreviewer _previewer = default!;
    private Guid _accountId;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _accountId = (await _database.AddAccountsAsync("Shop"))[0];
        var settings = new AccountSettings(_database.CreateFactory(), new AccountCache(_database.CreateFactory(), Options.Create(new DatabaseOptions())));
        await settings.SaveAsync(_accountId, "en-US", "Shop Ltd");
        _previewer = new TemplatePreviewer(new TemplateRenderer(), settings,
            new MessageLinks(Options.Create(new TrackingOptions { BaseUrl = "https://links.smartsender.test" })));
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task ListsTheCallersVariables_RequiredOrNot_GivenOrNot_AndTheSystemOnesApart()
    {
        var preview = await _previewer.PreviewAsync(_accountId,
            new TemplateContent("Hi {{ name }}", "<p>{{ plan | default: \"Free\" }} {{ code }}</p><a href=\"{{ unsubscribe_url }}\">x</a>", null), """{ "name": "Ann" }""");

        Assert.Equal([new VariableUse("code", true, false), new VariableUse("name", true, true), new VariableUse("plan", false, false)], preview.Variables);
        Assert.Equal(["unsubscribe_url"], preview.SystemVariablesUsed);
        Assert.Null(preview.Rendered);
        Assert.Contains("code", Assert.Single(preview.Errors).Message);
    }

    [Fact]
    public async Task Renders_WithThePreviewLinkAndThePostalAddress()
    {
        var preview = await _previewer.PreviewAsync(_accountId,
            new TemplateContent("Hi {{ name }}", null, "{{ postal_address }}: {{ unsubscribe_url }}"), """{ "name": "Ann" }""");

        Assert.Equal("Hi Ann", preview.Rendered!.Subject);
        Assert.Equal("Shop Ltd: https://links.smartsender.test/u/preview", preview.Rendered.Text);
    }

    [Fact]
    public async Task SampleThatIsNotJson_IsReportedWithItsLine_AndTheVariablesAreStillListed()
    {
        var preview = await _previewer.PreviewAsync(_accountId, new TemplateContent("Hi {{ name }}", null, "x"), "{\n  \"name\": \"Ann\",\n  oops\n}");

        var error = Assert.Single(preview.Errors);
        Assert.Equal("sample", error.Field);
        Assert.StartsWith("Sample variables, line 3: not valid JSON", error.Message);
        Assert.Equal(["name"], preview.Variables.Select(v => v.Name));
        Assert.Null(preview.Rendered);
    }

    [Fact]
    public async Task SyntaxErrors_AreGivenPerPart_WithTheirLine()
    {
        var preview = await _previewer.PreviewAsync(_accountId, new TemplateContent("Hi {{ name", null, "line 1\nline 2 {% if %}"), "{}");

        Assert.Equal([(TemplatePart.Subject, 1)], preview.ErrorsFor(TemplatePart.Subject).Cast<TemplateSyntaxError>().Select(e => (e.Part, e.Line)));
        Assert.Equal([(TemplatePart.Text, 2)], preview.ErrorsFor(TemplatePart.Text).Cast<TemplateSyntaxError>().Select(e => (e.Part, e.Line)));
        Assert.StartsWith("Text body, line 2:", preview.ErrorsFor(TemplatePart.Text).Single().Message);
    }
}
