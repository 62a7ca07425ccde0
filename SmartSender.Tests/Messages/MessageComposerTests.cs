using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Templates;
using SmartSender.Core.Tracking;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Messages;

public class MessageComposerTests : IAsyncLifetime
{
    private const string Link = "https://links.smartsender.test/u/tok123";
    private readonly TestDatabase _database = new();
    private MessageComposer _composer = default!;
    private TemplateLibrary _templates = default!;
    private AccountSettings _settings = default!;
    private Guid _accountId;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _accountId = (await _database.AddAccountsAsync("Shop"))[0];
        var renderer = new TemplateRenderer();
        _templates = new TemplateLibrary(_database.CreateFactory(), new TemplateCache(Options.Create(new DatabaseOptions())), renderer, TimeProvider.System);
        _settings = new AccountSettings(_database.CreateFactory(), new AccountCache(_database.CreateFactory(), Options.Create(new DatabaseOptions())));
        var links = new MessageLinks(Options.Create(new TrackingOptions { BaseUrl = "https://links.smartsender.test/" }));
        _composer = new MessageComposer(_templates, renderer, _settings, links);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Marketing_WithoutAnUnsubscribePlaceholder_GetsTheFooterBeforeTheBodyEnds_InHtmlAndText()
    {
        await _settings.SaveAsync(_accountId, "en-US", "Shop Ltd\n1 Market Street\nSpringfield");
        await AddTemplateAsync("Sale", new TemplateContent("Sale", "<html><body><p>20% off</p></body></html>", null));

        var composed = await ComposeAsync(new SendRequestBuilder().Template("Sale").Marketing());

        var html = composed.Html!;
        Assert.Matches($"<p>20% off</p><div data-smartsender-footer[^>]*>Shop Ltd<br>1 Market Street<br>Springfield<br><br><a href=\"{Link}\"[^>]*>Unsubscribe</a></div></body>", html);
        Assert.EndsWith($"--\nShop Ltd\n1 Market Street\nSpringfield\nUnsubscribe: {Link}\n", composed.Text);
    }

    [Fact]
    public async Task Marketing_WithThePlaceholders_IsLeftAsTheTemplateWroteIt()
    {
        await _settings.SaveAsync(_accountId, "en-US", "Shop Ltd, 1 Market Street");
        await AddTemplateAsync("Sale", new TemplateContent("Sale", "<p>Sale</p><small>{{ postal_address }} · <a href=\"{{ unsubscribe_url }}\">Stop these</a></small>", null));

        var composed = await ComposeAsync(new SendRequestBuilder().Template("Sale").Marketing());

        Assert.Equal($"<p>Sale</p><small>Shop Ltd, 1 Market Street · <a href=\"{Link}\">Stop these</a></small>", composed.Html);
        Assert.DoesNotContain("data-smartsender-footer", composed.Html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(composed.Text!, "tok123"));
    }

    [Fact]
    public async Task Marketing_WithTheLinkButNotTheAddress_GetsOnlyTheAddress()
    {
        await _settings.SaveAsync(_accountId, "en-US", "Shop Ltd");

        var composed = await ComposeAsync(new SendRequestBuilder().Marketing().Html(null).Text("News. Unsubscribe: {{ unsubscribe_url }}"));

        Assert.Equal($"News. Unsubscribe: {Link}\n\n--\nShop Ltd\n", composed.Text);
    }

    [Fact]
    public async Task Transactional_GetsNoFooter_ButMayStillUseTheLink()
    {
        await _settings.SaveAsync(_accountId, "en-US", "Shop Ltd");

        var plain = await ComposeAsync(new SendRequestBuilder());
        var linked = await ComposeAsync(new SendRequestBuilder().Html("<a href=\"{{unsubscribe_url}}\">Manage mail</a>"));

        Assert.Equal("<p>Thank you for your <b>order</b>.</p>", plain.Html);
        Assert.Equal("Thank you for your order.", plain.Text);
        Assert.Equal($"<a href=\"{Link}\">Manage mail</a>", linked.Html);
    }

    [Fact]
    public async Task ACallerCannotReplaceTheUnsubscribeLink()
    {
        await AddTemplateAsync("Sale", new TemplateContent("Sale", null, "Bye: {{ unsubscribe_url }}"));

        var composed = await ComposeAsync(new SendRequestBuilder().Template("Sale", """{ "unsubscribe_url": "https://evil.test/" }""").Marketing());

        Assert.Equal($"Bye: {Link}", composed.Text);
    }

    [Fact]
    public async Task Template_RendersNumbersAndDatesInTheAccountsCulture()
    {
        await _settings.SaveAsync(_accountId, "de-DE", null);
        await AddTemplateAsync("Invoice", new TemplateContent("Rechnung", null, "{{ total | format_number: \"N2\" }} € am {{ due | date: \"%d. %B %Y\" }}"));

        var composed = await ComposeAsync(new SendRequestBuilder().Template("Invoice", """{ "total": 1234.5, "due": "2026-12-01T00:00:00Z" }"""));

        Assert.Equal("1.234,50 € am 01. Dezember 2026", composed.Text);
    }

    [Fact]
    public async Task Template_RecordsTheVersionItWasRenderedFrom()
    {
        var template = await AddTemplateAsync("Welcome", new TemplateContent("Hi", null, "v1"));
        await _templates.SaveAsync(_accountId, template.Id, new TemplateContent("Hi", null, "v2"));

        var composed = await _composer.ComposeAsync(_accountId, new SendRequestBuilder().Template("Welcome").Build(), "tok123");

        var current = (await _templates.GetAsync(_accountId, template.Id))!.Current;
        Assert.Equal(current.Id, composed.Value!.TemplateVersionId);
        Assert.Equal("v2", composed.Value.Request.Text);
    }

    private async Task<Template> AddTemplateAsync(string name, TemplateContent content) =>
        (await _templates.CreateAsync(_accountId, name, content)).Value!;

    private async Task<SendRequest> ComposeAsync(SendRequestBuilder request)
    {
        var composed = await _composer.ComposeAsync(_accountId, request.Build(), "tok123");
        Assert.True(composed.Succeeded, string.Join(" ", composed.Errors.Select(e => e.Message)));
        return composed.Value!.Request;
    }
}
