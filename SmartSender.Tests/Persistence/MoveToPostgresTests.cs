using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Persistence.Moving;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Persistence;

/// <summary>
/// An installation on SQLite with accounts, a signed domain, delivered messages, their events and rollups is moved
/// into an empty PostgreSQL database: every table's rows arrive, and the app started on PostgreSQL signs mail with the
/// moved DKIM key (the key ring moved too) and reads the moved statistics.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class MoveToPostgresTests : IAsyncLifetime
{
    private readonly TestDatabase _target = new(DatabaseProvider.Postgres);
    private readonly SmartSenderApp _sqlite = new();
    private SmartSenderApp? _postgres;

    public Task InitializeAsync() => _target.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _sqlite.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        await _target.DisposeAsync();
    }

    [SkippableFact]
    public async Task EveryTableArrives_AndTheAppOnPostgresGoesOnWhereSqliteStopped()
    {
        var accountId = (await _sqlite.CreateAdminAsync()).Id;
        var key = await _sqlite.CreateApiKeyAsync(accountId);
        await _sqlite.VerifyDomainAsync(accountId, "shop.test");
        using (var api = _sqlite.CreateApiClient(key))
        {
            foreach (var to in new[] { "ann@example.test", "bo@example.test" })
            {
                Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to, subject = "Receipt", text = "Total" })).StatusCode);
                await _sqlite.Smtp.NextAsync();
            }

            await Eventually.ReturnsAsync(() => _sqlite.WithDbAsync(db => db.Messages.CountAsync(m => m.Status == Core.Messages.MessageStatus.Delivered)), n => n == 2);
        }

        MoveReport report;
        await using (var scope = _sqlite.Services.CreateAsyncScope())
        {
            var source = scope.ServiceProvider.GetRequiredService<SmartSenderDbContext>();
            report = await new SqliteToPostgres(source, _target.ConnectionString, Path.Combine(_sqlite.DataDirectory, "keys")).RunAsync();
        }

        Assert.True(report.Succeeded, report.Refusal);
        Assert.True(report.CountsAgree);
        Assert.True(report.Keys >= 1);
        var copied = report.Tables.ToDictionary(t => t.Table, t => t.Copied);
        Assert.Equal(2, copied["Messages"]);
        Assert.Equal(4, copied["MessageEvents"]);
        Assert.Equal(1, copied["AspNetUsers"]);
        Assert.Equal(1, copied["SendingDomains"]);
        Assert.All(new[] { "HourlyRollups", "DailyRollups", "HourlyTotals", "DailyTotals", "DkimKey", "ApiKeys" }, t => Assert.True(copied[t] > 0, $"{t}: nothing copied"));

        _postgres = new SmartSenderApp(database: _target);
        using var moved = _postgres.CreateApiClient(key);
        var from = DateTime.UtcNow.AddHours(-2).ToString("O");
        var sent = await moved.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "cy@example.test", subject = "After the move", text = "Total" });
        var received = await _postgres.Smtp.NextAsync();
        var stats = await Eventually.ReturnsAsync(
            () => moved.GetFromJsonAsync<JsonElement>($"/api/v1/stats?from={from}"),
            s => s.GetProperty("totals").GetProperty("delivered").GetInt64() == 3);

        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.Equal("After the move", received.Subject);
        Assert.Contains("d=shop.test", received.Headers["DKIM-Signature"]);
        Assert.Equal(3, stats.GetProperty("totals").GetProperty("submitted").GetInt64());
        Assert.Equal(3, await _postgres.WithDbAsync(db => db.Messages.CountAsync()));
    }

    [SkippableFact]
    public async Task ADatabaseThatIsNotEmpty_IsRefused()
    {
        await _target.AddAccountsAsync("Already here");
        await _sqlite.CreateAdminAsync();

        await using var scope = _sqlite.Services.CreateAsyncScope();
        var report = await new SqliteToPostgres(scope.ServiceProvider.GetRequiredService<SmartSenderDbContext>(), _target.ConnectionString, null).RunAsync();

        Assert.False(report.Succeeded);
        Assert.Contains("already holds accounts", report.Refusal);
    }
}
