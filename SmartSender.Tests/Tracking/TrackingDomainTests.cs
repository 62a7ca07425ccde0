using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Accounts;
using SmartSender.Core.Domains;
using SmartSender.Core.Messages;
using SmartSender.Core.Retention;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Tracking;

/// <summary>
/// A sending domain whose <c>track.</c> CNAME is verified gets its mail's click, open and unsubscribe links on
/// <c>https://track.&lt;domain&gt;</c>; a domain without it keeps the global base URL. The click still redirects once the
/// message's content is gone, and a TLS front end's "may I get a certificate?" is answered yes only for such hosts.
/// </summary>
[Collection(AppCollection.Name)]
public class TrackingDomainTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new();
    private HttpClient _api = default!;
    private Guid _account;

    public async Task InitializeAsync()
    {
        _app.Settings["Tracking:DomainHosts"] = "true";
        _account = (await _app.CreateAdminAsync()).Id;
        _api = _app.CreateApiClient(await _app.CreateApiKeyAsync(_account));
        await _app.VerifyDomainAsync(_account, "shop.test");

        // plain.test publishes everything but its tracking CNAME.
        await using var scope = _app.Services.CreateAsyncScope();
        var domains = scope.ServiceProvider.GetRequiredService<SendingDomains>();
        var plain = (await domains.AddAsync(_account, "plain.test")).Value!;
        _app.Dns.Publish(domains.RecordsOf(plain).Where(r => r.Kind != DnsRecordKind.Tracking));
        Assert.True((await domains.VerifyAsync(_account, plain.Id)).Value!.CanSend);

        var tracking = await _api.PatchAsJsonAsync("/api/v1/account/settings", new { tracking = new { transactional_opens = true, transactional_clicks = true, transactional_unsubscribe = true } });
        Assert.Equal(HttpStatusCode.OK, tracking.StatusCode);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task MailOfADomainWithAVerifiedTrackingHost_LinksThere_OthersUseTheBaseUrl()
    {
        var own = await SendAsync("shop.test");
        var html = own.HtmlBody!;
        Assert.Contains($"href=\"https://track.shop.test/c/{own.Token}/0\"", html);
        Assert.Contains($"src=\"https://track.shop.test/o/{own.Token}.gif\"", html);
        Assert.Contains($"<https://track.shop.test/u/{own.Token}>", own.Headers["List-Unsubscribe"]);
        Assert.DoesNotContain("localhost", html);

        var plain = await SendAsync("plain.test");
        Assert.Contains($"href=\"http://localhost:5080/c/{plain.Token}/0\"", plain.HtmlBody);
        Assert.Contains($"<http://localhost:5080/u/{plain.Token}>", plain.Headers["List-Unsubscribe"]);

        var views = await _api.GetFromJsonAsync<JsonElement[]>("/api/v1/domains");
        Assert.Equal("https://track.shop.test", views!.Single(d => d.GetProperty("name").GetString() == "shop.test").GetProperty("tracking_base_url").GetString());
        Assert.Equal("http://localhost:5080", views!.Single(d => d.GetProperty("name").GetString() == "plain.test").GetProperty("tracking_base_url").GetString());

        // The click arrives on the domain's host (the front end passes it on) and leads to the link, also once the
        // message's content has been removed by the account's retention.
        using var browser = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://track.shop.test") });
        Assert.Equal("https://shop.example/orders/1042", (await browser.GetAsync($"/c/{own.Token}/0")).Headers.Location?.ToString());
        var retention = _app.Services.GetRequiredService<ContentRetention>();
        Assert.Equal(1, await retention.ClearAsync(db => db.Messages.Where(m => m.Token == own.Token), DateTime.UtcNow, CancellationToken.None));
        Assert.Equal("https://shop.example/orders/1042", (await browser.GetAsync($"/c/{own.Token}/0")).Headers.Location?.ToString());
    }

    [Fact]
    public async Task TheTlsFrontEndsQuestion_IsAnsweredYesOnlyForVerifiedTrackingHostsOfOpenAccounts()
    {
        using var caddy = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await caddy.GetAsync("/tls/allowed?domain=track.shop.test")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await caddy.GetAsync("/tls/allowed?domain=TRACK.Shop.Test.")).StatusCode);
        foreach (var name in new[] { "track.plain.test", "shop.test", "www.shop.test", "track.unknown.test", "track.", "", "track.shop.test/../x" })
        {
            Assert.True((await caddy.GetAsync($"/tls/allowed?domain={Uri.EscapeDataString(name)}")).StatusCode == HttpStatusCode.NotFound, name);
        }

        await _app.WithDbAsync(db => db.Accounts.Where(a => a.Id == _account).ExecuteUpdateAsync(u => u.SetProperty(a => a.ClosedAt, DateTime.UtcNow)));
        Assert.Equal(HttpStatusCode.NotFound, (await caddy.GetAsync("/tls/allowed?domain=track.shop.test")).StatusCode);
    }

    private async Task<(string Token, string? HtmlBody, MimeKit.HeaderList Headers)> SendAsync(string domain)
    {
        var sent = await _api.PostAsJsonAsync("/api/v1/messages", new
        {
            from = $"orders@{domain}", to = $"ann@{domain}.example", subject = $"Order from {domain}", text = "Your order",
            html = "<p>Your <a href=\"https://shop.example/orders/1042\">order</a></p>",
        });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var mail = await _app.Smtp.NextAsync();
        var token = await _app.WithDbAsync(db => db.Messages.Where(m => m.Id == id).Select(m => m.Token!).SingleAsync());
        return (token, mail.HtmlBody, mail.Headers);
    }
}
