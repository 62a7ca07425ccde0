using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.ApiKeys;
using SmartSender.Core.Audit;
using SmartSender.Core.Closure;
using SmartSender.Core.Common;
using SmartSender.Core.Domains;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Suppressions;
using SmartSender.Core.Templates;
using SmartSender.Core.Webhooks;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Accounts;

/// <summary>
/// Support approves a closure: sending stops at once, waiting mail is cancelled, keys die, sessions end, the Owner
/// gets a complete export by a link; after the retention period (the clock moved forward) the data is purged and
/// only the account's name and its audit log remain.
/// </summary>
[Collection(AppCollection.Name)]
public class ClosureApprovalTests : IAsyncLifetime
{
    private const string Owner = "owner@shop.test";
    private const string Password = "Owner-Password-1";
    private readonly SmartSenderApp _app = SystemMailApp.Create();
    private Guid _account;
    private string _key = "";
    private Guid _sent;
    private Guid _scheduled;

    public async Task InitializeAsync()
    {
        await SystemMailApp.PrepareAsync(_app);
        _account = (await _app.CreateCustomerUserAsync(Owner, Password)).AccountId;
        await _app.VerifyDomainAsync(_account, "shop.test");
        _key = await _app.CreateApiKeyAsync(_account);
        using var api = _app.CreateApiClient(_key);
        _sent = await SendAsync(api, new { from = "orders@shop.test", to = "ann@example.test", subject = "Receipt 7781", text = "Total: 12.00 EUR" });
        await SystemMailApp.NextMailToAsync(_app, "ann@example.test");
        _scheduled = await SendAsync(api, new { from = "orders@shop.test", to = "bob@example.test", subject = "Tomorrow", text = "Soon", send_at = DateTimeOffset.UtcNow.AddDays(1) });
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/suppressions", new { address = "gone@example.test" })).StatusCode);
        await using var scope = _app.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<TemplateLibrary>().CreateAsync(_account, "Welcome 5512", new TemplateContent("Hello", null, "Hello {{ name }}"))).Succeeded);
        var shop = await _app.WithDbAsync(db => db.Accounts.SingleAsync(a => a.Id == _account));
        Assert.True((await scope.ServiceProvider.GetRequiredService<AccountClosure>().RequestAsync(_account, "Moving on", shop.Name, Owner)).Succeeded);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Approval_StopsEverything_MailsACompleteExport_AndThePurgeKeepsOnlyTheNameAndTheAuditLog()
    {
        using var session = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await BrowserlessSignIn.SignInAsync(session, Owner, Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/account")).StatusCode);

        Assert.True((await UseAsync(sp => sp.GetRequiredService<Core.Webhooks.WebhookEndpoints>().AddAsync(_account, "http://127.0.0.1:9/hooks", [MessageEventType.Cancelled]))).Succeeded);

        var approved = await UseAsync(sp => sp.GetRequiredService<ClosureDecisions>().ApproveAsync(_account, SmartSenderApp.AdminEmail));

        Assert.True(approved.Succeeded, string.Join(" ", approved.Errors));
        Assert.Equal((1, 1, 1), (approved.Value!.CancelledMessages, approved.Value.RevokedKeys, approved.Value.SignedOutUsers));

        // Waiting mail is cancelled and says so; sent mail is untouched.
        var scheduled = await _app.WithDbAsync(db => db.Messages.Include(m => m.Events).SingleAsync(m => m.Id == _scheduled));
        Assert.Equal(MessageStatus.Cancelled, scheduled.Status);
        Assert.Contains(scheduled.Events, e => e.Type == MessageEventType.Cancelled);
        Assert.Equal(MessageStatus.Delivered, await _app.WithDbAsync(db => db.Messages.Where(m => m.Id == _sent).Select(m => m.Status).SingleAsync()));

        // The endpoint that listens for exactly that event gets nothing: a closed account's webhooks stop.
        await UseAsync(sp => sp.GetRequiredService<Core.Webhooks.WebhookDispatcher>().DispatchAsync());
        Assert.Equal(0, await _app.WithDbAsync(db => db.WebhookDeliveries.CountAsync(d => d.AccountId == _account)));

        // The recurring jobs pass it over: domain checks and reputation judge only the operator's account now.
        Assert.Equal(1, await UseAsync(sp => sp.GetRequiredService<Core.Domains.SendingDomains>().VerifyAllAsync()));
        Assert.Equal(1, await UseAsync(sp => sp.GetRequiredService<Core.Reputation.AccountReputation>().RecomputeAllAsync()));

        // Sending stops: the key is dead, and any other way in is refused as account_closed.
        using var api = _app.CreateApiClient(_key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "cy@example.test", subject = "x", text = "y" })).StatusCode);
        var submitted = await UseAsync(sp => sp.GetRequiredService<MessageSubmission>().SubmitAsync(_account, new SendRequest("orders@shop.test", ["cy@example.test"], "x", "y", null)));
        Assert.Equal("account_closed", submitted.Errors.Single().Code);

        // The session ended, and the right password no longer lets anyone in.
        var after = await session.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/login", after.Headers.Location!.OriginalString.Replace("http://localhost", ""));
        using var again = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var refused = await BrowserlessSignIn.SignInAsync(again, Owner, Password);
        Assert.Contains("This account was closed on", await refused.Content.ReadAsStringAsync());

        // The export, by the link in the mail.
        var mail = await SystemMailApp.NextMailToAsync(_app, Owner);
        Assert.Contains("is closed", mail.Subject);
        var link = SystemMailApp.LinkPath(mail, ClosureDecisions.ExportPath);
        using var anonymous = _app.CreateClient();
        var download = await anonymous.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType!.MediaType);
        using (var zip = new ZipArchive(await download.Content.ReadAsStreamAsync()))
        {
            Assert.Equal(AccountExport.Files.Order(), zip.Entries.Select(e => e.FullName).Order());
            var messages = await ReadAsync(zip, "messages.csv");
            Assert.Contains(_sent.ToString(), messages);
            Assert.Contains(_scheduled.ToString(), messages);
            Assert.Contains("Receipt 7781", messages);
            var events = await ReadAsync(zip, "events.csv");
            Assert.Contains($"{_scheduled},Cancelled", events);
            Assert.Contains($"{_sent},Delivered", events);
            Assert.Contains("Hello {{ name }}", JsonDocument.Parse(await ReadAsync(zip, "templates.json")).RootElement[0].GetProperty("versions")[0].GetProperty("text").GetString());
            Assert.Contains("gone@example.test,Manual", await ReadAsync(zip, "suppressions.csv"));
            Assert.Equal("shop.test", JsonDocument.Parse(await ReadAsync(zip, "domains.json")).RootElement[0].GetProperty("name").GetString());
            Assert.Contains(Owner, await ReadAsync(zip, "account.json"));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(ClosureDecisions.ExportPath + new string('a', 43))).StatusCode);

        // Support can send a new link (the first expired, or never arrived); the old one stops working.
        var offered = await UseAsync(sp => sp.GetRequiredService<ClosureDecisions>().OfferExportAgainAsync(_account));
        Assert.True(offered.Succeeded);
        var newLink = SystemMailApp.LinkPath(await SystemMailApp.NextMailToAsync(_app, Owner), ClosureDecisions.ExportPath);
        Assert.NotEqual(link, newLink);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(link)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(newLink)).StatusCode);
        link = newLink;

        // Within the retention period nothing is purged; after it, everything but the name and the audit log.
        var day29 = await PurgeAtAsync(TimeSpan.FromDays(29));
        Assert.Empty(day29);
        var day31 = await PurgeAtAsync(TimeSpan.FromDays(31));
        Assert.Equal([_account], day31);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Messages.CountAsync(m => m.AccountId == _account)));
        Assert.Equal(0, await _app.WithDbAsync(db => db.MessageEvents.CountAsync(e => e.MessageId == _sent || e.MessageId == _scheduled)));
        Assert.Equal(0, await _app.WithDbAsync(db => db.Users.CountAsync(u => u.AccountId == _account)));
        Assert.Equal(0, await _app.WithDbAsync(db => db.Templates.CountAsync(t => t.AccountId == _account)));
        Assert.Equal(0, await _app.WithDbAsync(db => db.Suppressions.CountAsync(s => s.AccountId == _account)));
        Assert.Equal(0, await _app.WithDbAsync(db => db.SendingDomains.CountAsync(d => d.AccountId == _account)));
        Assert.Equal(0, await _app.WithDbAsync(db => db.ApiKeys.CountAsync(k => k.AccountId == _account)));
        var account = await _app.WithDbAsync(db => db.Accounts.SingleAsync(a => a.Id == _account));
        Assert.NotNull(account.PurgedAt);
        var audit = await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.AccountId == _account).Select(e => e.Action).ToListAsync());
        Assert.Contains(AuditActions.AccountPurged, audit);
        Assert.Contains(AuditActions.SignedIn, audit);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(link)).StatusCode);
        Assert.Equal("account_purged", (await UseAsync(sp => sp.GetRequiredService<ClosureDecisions>().ReopenAsync(_account))).Errors.Single().Code);
    }

    [Fact]
    public async Task BeforeThePurge_AnAdminReopensTheAccount_AndItsUsersSignInAndSendAgainWithANewKey()
    {
        await UseAsync(sp => sp.GetRequiredService<ClosureDecisions>().ApproveAsync(_account, SmartSenderApp.AdminEmail));
        var reopened = await UseAsync(sp => sp.GetRequiredService<ClosureDecisions>().ReopenAsync(_account));

        Assert.True(reopened.Succeeded);
        Assert.Null(reopened.Value!.ClosedAt);
        Assert.Null(reopened.Value.ClosureRequestedAt);
        using var session = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await BrowserlessSignIn.SignInAsync(session, Owner, Password)).StatusCode);
        using var api = _app.CreateApiClient(await _app.CreateApiKeyAsync(_account, "after reopening"));
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "cy@example.test", subject = "Back", text = "Hello again" })).StatusCode);
        Assert.Empty(await PurgeAtAsync(TimeSpan.FromDays(31)));
    }

    [Fact]
    public async Task Rejection_NeedsAReason_LeavesTheAccountOpen_AndTellsTheRequester()
    {
        var blank = await UseAsync(sp => sp.GetRequiredService<ClosureDecisions>().RejectAsync(_account, " "));
        var rejected = await UseAsync(sp => sp.GetRequiredService<ClosureDecisions>().RejectAsync(_account, "Your invoices are still open"));

        Assert.Equal("rejection_reason_required", blank.Errors.Single().Code);
        Assert.True(rejected.Succeeded);
        Assert.Null(rejected.Value!.ClosureRequestedAt);
        Assert.Null(rejected.Value.ClosedAt);
        var mail = await SystemMailApp.NextMailToAsync(_app, Owner);
        Assert.Contains("Your invoices are still open", mail.TextBody);
        Assert.Equal(MessageStatus.Queued, await _app.WithDbAsync(db => db.Messages.Where(m => m.Id == _scheduled).Select(m => m.Status).SingleAsync()));
        Assert.Equal("closure_not_open", (await UseAsync(sp => sp.GetRequiredService<ClosureDecisions>().ApproveAsync(_account, SmartSenderApp.AdminEmail))).Errors.Single().Code);
    }

    private async Task<IReadOnlyList<Guid>> PurgeAtAsync(TimeSpan later)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var purge = new AccountPurge(sp.GetRequiredService<IDbContextFactory<SmartSenderDbContext>>(), sp.GetRequiredService<AccountExport>(), sp.GetRequiredService<AuditLog>(),
            sp.GetRequiredService<IOptions<AccountsOptions>>(), new FixedClock(DateTimeOffset.UtcNow + later));
        return await purge.PurgeDueAsync();
    }

    private async Task<T> UseAsync<T>(Func<IServiceProvider, Task<T>> use)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }

    private static async Task<Guid> SendAsync(HttpClient api, object body)
    {
        var response = await api.PostAsJsonAsync("/api/v1/messages", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<string> ReadAsync(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return await reader.ReadToEndAsync();
    }
}
