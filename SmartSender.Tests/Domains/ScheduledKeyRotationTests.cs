using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmartSender.Core.Domains;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Domains;

/// <summary>
/// A domain's DKIM key rotated on a schedule, on a moving clock: nothing before the period is over; then a new key
/// published as pending while the old one keeps signing; the switch only once the new record is verified, after which
/// mail is signed with the new selector and the next rotation is a period away.
/// </summary>
[Collection(AppCollection.Name)]
public class ScheduledKeyRotationTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new();
    private HttpClient _api = default!;
    private Guid _account;

    public async Task InitializeAsync()
    {
        _account = (await _app.CreateAdminAsync()).Id;
        _api = _app.CreateApiClient(await _app.CreateApiKeyAsync(_account));
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task TheKeyRotatesItself_AfterItsPeriod_AndSwitchesOnlyOnceItsRecordIsVerified()
    {
        var domain = await _app.VerifyDomainAsync(_account, "shop.test");
        var first = domain.SigningKeys.Single().Selector;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _api.PatchAsJsonAsync($"/api/v1/domains/{domain.Id}", new { key_rotation_days = 3 })).StatusCode);
        var scheduled = await _api.PatchAsJsonAsync($"/api/v1/domains/{domain.Id}", new { key_rotation_days = 90 });
        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);
        var view = await scheduled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(90, view.GetProperty("key_rotation_days").GetInt32());
        var due = view.GetProperty("next_rotation_at").GetDateTime();
        Assert.InRange(due - DateTime.UtcNow, TimeSpan.FromDays(89.9), TimeSpan.FromDays(90));

        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(89));
        await using var scope = _app.Services.CreateAsyncScope();
        var domains = ActivatorUtilities.CreateInstance<SendingDomains>(scope.ServiceProvider, clock);
        await domains.VerifyAllAsync();
        Assert.Null((await domains.GetAsync(_account, domain.Id))!.PendingKey);

        clock.Advance(TimeSpan.FromDays(2));
        await domains.VerifyAllAsync();
        var rotating = (await domains.GetAsync(_account, domain.Id))!;
        var pending = rotating.PendingKey!.Selector;
        Assert.Equal($"ss{clock.GetUtcNow():yyyyMMdd}", pending);
        Assert.Equal([first], rotating.SigningKeys.Select(k => k.Selector));
        Assert.Null(rotating.NextRotationAt);
        Assert.Contains(domains.RecordsOf(rotating), r => r.FullName == $"{pending}._domainkey.shop.test");
        Assert.Equal(pending, (await _api.GetFromJsonAsync<JsonElement>($"/api/v1/domains/{domain.Id}")).GetProperty("pending_selector").GetString());

        // Not published yet: the old key goes on signing, however often the domain is checked.
        await domains.VerifyAllAsync();
        Assert.Equal([first], (await domains.GetAsync(_account, domain.Id))!.SigningKeys.Select(k => k.Selector));

        _app.Dns.Publish(domains.RecordsOf(rotating).Where(r => r.FullName == $"{pending}._domainkey.shop.test"));
        await domains.VerifyAllAsync();
        var rotated = (await domains.GetAsync(_account, domain.Id))!;
        Assert.Equal([pending], rotated.SigningKeys.Select(k => k.Selector));
        Assert.Null(rotated.PendingKey);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddDays(90), rotated.NextRotationAt);

        var sent = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "ann@example.test", subject = "Signed anew", text = "Hi" });
        Assert.True(sent.StatusCode == HttpStatusCode.Accepted, await sent.Content.ReadAsStringAsync());
        var mail = await _app.Smtp.NextAsync();
        Assert.Contains($"s={pending};", mail.Headers[MimeKit.HeaderId.DkimSignature]!.Replace(" ", ""));
    }
}
