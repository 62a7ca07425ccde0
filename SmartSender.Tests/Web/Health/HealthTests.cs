using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartSender.Core.Delivery.Pump;
using SmartSender.Core.Messages;
using SmartSender.Tests.Fixtures;
using SmartSender.Web.Inbound;

namespace SmartSender.Tests.Web.Health;

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c> on a listening app: ready while everything runs, then each dependency
/// stopped in turn (DNS, the inbound listener, the pump, the queue's backlog, the job server, the database's
/// migrations) turns ready to 503 with that check's reason; callers outside the allowed networks are refused.
/// </summary>
[Collection(AppCollection.Name)]
public class HealthTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new(kestrel: true);
    private HttpClient _client = default!;

    public async Task InitializeAsync()
    {
        _app.Settings["Health:OldestDueMessage"] = "00:05:00";
        _app.Settings["Health:DnsTimeout"] = "00:00:01";
        _app.StartKestrel();
        _client = new HttpClient { BaseAddress = _app.Address };
        await _app.Services.GetRequiredService<InboundSmtpListener>().Started;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Live_AnswersWithoutAnyCheck_AndReady_ListsEveryCheckHealthy_BeforeSetUp()
    {
        var live = await _client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", (await ReadAsync(live)).GetProperty("status").GetString());

        var ready = await Eventually.ReturnsAsync(() => ReadyAsync(), r => r.Status == "Healthy");
        Assert.Equal(HttpStatusCode.OK, ready.Code);
        Assert.Equal(
            ["database", "delivery-pump", "delivery-queue", "dns", "inbound-smtp", "jobs", "submission-smtp"],
            ready.Checks.Keys.Order());
        Assert.Equal("the SMTP submission listener is off on this instance", ready.Checks["submission-smtp"].Description);
    }

    [Fact]
    public async Task Ready_TurnsUnhealthyWithTheReason_AsEachDependencyStops()
    {
        var account = await _app.CreateAdminAsync();
        var api = _app.CreateApiClient(await _app.CreateApiKeyAsync(account.Id));
        await _app.VerifyDomainAsync(account.Id, "shop.test");
        await Eventually.ReturnsAsync(() => ReadyAsync(), r => r.Status == "Healthy");

        _app.Dns.Dispose();
        await ExpectUnhealthyAsync("dns", "no name server answered within 1 s");

        await _app.Services.GetRequiredService<InboundSmtpListener>().StopAsync(CancellationToken.None);
        await ExpectUnhealthyAsync("inbound-smtp", "the inbound SMTP listener is not running");

        await _app.Services.GetRequiredService<DeliveryService>().StopAsync(CancellationToken.None);
        await ExpectUnhealthyAsync("delivery-pump", "the delivery pump is not running");

        // With no pump, a message due ten minutes ago waits: longer than the five minutes allowed.
        var sent = await api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "ann@example.test", subject = "Hi", text = "Hello" });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        await _app.WithDbAsync(db => db.Messages.ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, DateTime.UtcNow.AddMinutes(-10))));
        var backlog = await ExpectUnhealthyAsync("delivery-queue", "a message has been due for 10 min without being tried, longer than 5 min");
        Assert.InRange(backlog.Checks["delivery-queue"].Data!.Value.GetProperty("oldestDueSeconds").GetInt64(), 600, 660);

        await RunningJobServer().StopAsync(CancellationToken.None);
        await ExpectUnhealthyAsync("jobs", "the job server is not running");

        await _app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            """DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" = (SELECT MAX("MigrationId") FROM "__EFMigrationsHistory")"""));
        var last = await ExpectUnhealthyAsync("database", "1 migration(s) not applied, the first ");

        // Each reason stays until its own dependency comes back; none of them shows a secret or a path.
        Assert.Equal(6, last.Checks.Values.Count(c => c.Status == "Unhealthy"));
        Assert.DoesNotContain(_app.DataDirectory, last.Body);
    }

    [Fact]
    public async Task Callers_OutsideTheAllowedNetworks_AreRefused_UnlessAnAdministratorSignedIn()
    {
        await using var app = new SmartSenderApp(kestrel: true);
        app.Settings["Health:AllowedNetworks:0"] = "10.0.0.0/8";
        app.StartKestrel();
        using var anonymous = new HttpClient { BaseAddress = app.Address };
        var refused = await anonymous.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync("/health/live")).StatusCode);

        await app.CreateAdminAsync();
        using var admin = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app.Address };
        Assert.Equal(HttpStatusCode.Redirect, (await BrowserlessSignIn.SignInAsync(admin, SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/health/live")).StatusCode);
    }

    /// <summary>
    /// The job server the host started: Hangfire registers it as transient, so asking the container would make a new,
    /// idle one; the host keeps the one it runs.
    /// </summary>
    private IHostedService RunningJobServer()
    {
        var host = _app.Services.GetRequiredService<IHost>();
        var started = (IEnumerable<IHostedService>)host.GetType().GetField("_hostedServices", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(host)!;
        return started.Single(s => s.GetType().Name == "BackgroundJobServerHostedService");
    }

    private async Task<Ready> ExpectUnhealthyAsync(string check, string reason)
    {
        var ready = await Eventually.ReturnsAsync(() => ReadyAsync(), r => r.Checks[check].Status == "Unhealthy");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Code);
        Assert.Equal("Unhealthy", ready.Status);
        Assert.StartsWith(reason, ready.Checks[check].Description);
        return ready;
    }

    private async Task<Ready> ReadyAsync()
    {
        using var response = await _client.GetAsync("/health/ready");
        var body = await response.Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(body).RootElement;
        var checks = json.GetProperty("checks").EnumerateArray().ToDictionary(
            c => c.GetProperty("name").GetString()!,
            c => new Check(c.GetProperty("status").GetString()!, c.GetProperty("description").GetString(), c.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d.Clone() : null));
        return new Ready(response.StatusCode, json.GetProperty("status").GetString()!, checks, body);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private sealed record Check(string Status, string? Description, JsonElement? Data);

    private sealed record Ready(HttpStatusCode Code, string Status, Dictionary<string, Check> Checks, string Body)
    {
        public override string ToString() => Body;
    }
}
