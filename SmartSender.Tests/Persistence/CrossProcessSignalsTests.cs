using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.ApiKeys;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Persistence;

/// <summary>
/// Two instances that share nothing but the PostgreSQL database: this test's own app (A) and a SmartSender process
/// (B) whose caches hold for five minutes. A key revoked on A is refused by B within a second: only A's notification
/// can have told B.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CrossProcessSignalsTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new(DatabaseProvider.Postgres);
    private readonly TestFolder _data = new("b");
    private SmartSenderApp? _a;
    private Guid _account;
    private string _key = "";

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _a = new SmartSenderApp(database: _database);
        _account = (await _a.CreateAdminAsync()).Id;
        _key = await _a.CreateApiKeyAsync(_account);
    }

    public async Task DisposeAsync()
    {
        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        await _database.DisposeAsync();
        _data.Dispose();
    }

    [SkippableFact]
    public async Task AKeyRevokedOnOneInstance_IsRefusedByAnotherProcessWithinASecond()
    {
        using var b = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = _database.ConnectionString,
            ["Database:DataDirectory"] = _data.Path,
            ["Database:CacheTime"] = "00:05:00",
            ["Delivery:InstanceName"] = "b",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        using var onB = new HttpClient { BaseAddress = b.Address };
        onB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _key);
        // The first use writes the key's last use (and so reads it again); the second is served from B's cache.
        await onB.GetAsync("/api/v1/suppressions");
        var before = await onB.GetAsync("/api/v1/suppressions");

        await using (var scope = _a!.Services.CreateAsyncScope())
        {
            var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
            Assert.True((await keys.RevokeAsync(_account, Assert.Single(await keys.ListAsync(_account)).Id)).Succeeded);
        }

        var after = await Eventually.ReturnsAsync(() => onB.GetAsync("/api/v1/suppressions"), r => r.StatusCode == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }
}
