using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Audit;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web;

/// <summary>What the running app writes to the audit log over real HTTP on 127.0.0.1: sign-ins, failed ones, and an API key's action.</summary>
[Collection(AppCollection.Name)]
public class AuditTrailTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new(kestrel: true);
    private Uri _address = default!;
    private Guid _accountId;

    public async Task InitializeAsync()
    {
        _address = _app.StartKestrel();
        _accountId = (await _app.CreateAdminAsync()).Id;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SignIns_FailedOnes_AndAnApiKeysDomain_AreRecordedWithWhoAndFromWhere()
    {
        using (var browser = Browser())
        {
            await BrowserlessSignIn.SignInAsync(browser, SmartSenderApp.AdminEmail, "wrong-password-1");
            await BrowserlessSignIn.SignInAsync(browser, "nobody@example.test", "whatever-password");
            var signedIn = await BrowserlessSignIn.SignInAsync(browser, SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        using var api = _app.CreateApiClient(await _app.CreateApiKeyAsync(_accountId, "deploy script"));
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/domains", new { name = "shop.test" })).StatusCode);

        var entries = await _app.WithDbAsync(db => db.AuditEntries.OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync());
        Assert.Equal(
            [
                (AuditActions.SignInFailed, (Guid?)_accountId, SmartSenderApp.AdminEmail, SmartSenderApp.AdminEmail, (string?)null),
                (AuditActions.SignInFailed, null, "nobody@example.test", "nobody@example.test", "no user has this address"),
                (AuditActions.SignedIn, _accountId, SmartSenderApp.AdminEmail, SmartSenderApp.AdminEmail, null),
                (AuditActions.DomainAdded, _accountId, "API key 'deploy script'", "shop.test", null),
            ],
            entries.Select(e => (e.Action, e.AccountId, e.Actor, e.Target!, e.Detail)));
        Assert.All(entries, e => Assert.Equal("127.0.0.1", e.Address));
    }

    private HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = _address };
}
