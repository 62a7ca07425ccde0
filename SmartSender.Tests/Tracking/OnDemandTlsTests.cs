using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Domains;
using SmartSender.Core.Messages;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Tracking;

/// <summary>
/// The tracking domain over https, for real: Caddy with on-demand TLS in front of the app, certificates from Pebble.
/// A click on <c>https://track.shop.test/c/…</c> (a verified tracking host) gets a certificate issued by Pebble for that
/// name and redirects to the link; <c>track.plain.test</c>, whose CNAME was never verified, gets no certificate.
/// </summary>
[Collection(AppCollection.Name)]
public class OnDemandTlsTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new(kestrel: true);
    private readonly OnDemandTlsFront _front = new();
    private HttpClient _api = default!;

    public async Task InitializeAsync()
    {
        _app.Settings["Tracking:DomainHosts"] = "true";
        var address = _app.StartKestrel();
        var account = (await _app.CreateAdminAsync()).Id;
        _api = _app.CreateApiClient(await _app.CreateApiKeyAsync(account));
        await _app.VerifyDomainAsync(account, "shop.test");
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var domains = scope.ServiceProvider.GetRequiredService<SendingDomains>();
            var plain = (await domains.AddAsync(account, "plain.test")).Value!;
            _app.Dns.Publish(domains.RecordsOf(plain).Where(r => r.Kind != DnsRecordKind.Tracking));
            Assert.True((await domains.VerifyAsync(account, plain.Id)).Value!.CanSend);
        }

        await _api.PatchAsJsonAsync("/api/v1/account/settings", new { tracking = new { transactional_clicks = true } });
        if (OnDemandTlsFront.IsAvailable)
        {
            await _front.StartAsync(address);
        }
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _front.DisposeAsync();
        await _app.DisposeAsync();
    }

    [SkippableFact]
    public async Task AClickOnTheDomainsTrackingHost_IsServedOverHttpsWithACertificateFromTheAcmeServer_AndOtherNamesGetNone()
    {
        Skip.IfNot(OnDemandTlsFront.IsAvailable, OnDemandTlsFront.Unavailable);
        var sent = await _api.PostAsJsonAsync("/api/v1/messages", new
        {
            from = "orders@shop.test", to = "ann@example.test", subject = "Your order", text = "Your order",
            html = "<p>Your <a href=\"https://shop.example/orders/1042\">order</a></p>",
        });
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var mail = await _app.Smtp.NextAsync();
        var token = await _app.WithDbAsync(db => db.Messages.Where(m => m.Id == id).Select(m => m.Token!).SingleAsync());
        var link = $"https://track.shop.test/c/{token}/0";
        Assert.Contains(link, mail.HtmlBody);

        var root = await _front.RootAsync();
        X509Certificate2? served = null;
        using var browser = _front.ClientTrusting(root, certificate => served = certificate);
        HttpResponseMessage click;
        try
        {
            click = await browser.GetAsync(link);
        }
        catch (HttpRequestException failed)
        {
            throw new Xunit.Sdk.XunitException($"{failed.Message} {_front.Rejected}\n{_front.Log()}");
        }

        Assert.True(click.StatusCode == HttpStatusCode.Redirect, $"{(int)click.StatusCode}\n{_front.Log()}");
        Assert.Equal("https://shop.example/orders/1042", click.Headers.Location?.ToString());
        Assert.NotNull(served);
        Assert.Contains("track.shop.test", served!.GetNameInfo(X509NameType.DnsName, forIssuer: false), StringComparison.Ordinal);
        Assert.Contains("Pebble", served.Issuer, StringComparison.Ordinal);

        served = null;
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => browser.GetAsync($"https://track.plain.test/c/{token}/0"));
        Assert.Null(served);
        Assert.NotNull(refused.InnerException);
    }
}
