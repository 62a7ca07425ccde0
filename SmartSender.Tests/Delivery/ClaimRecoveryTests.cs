using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Delivery;

/// <summary>
/// A process killed while its workers hold claimed messages is started again: it knows those claims are its own dead
/// ones and delivers the messages at once, not after the two-minute claim hold.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ClaimRecoveryTests : IAsyncLifetime
{
    private const int Total = 40;
    private readonly TestFolder _data = new("claims");
    private readonly SmtpSink _sink = new();
    private readonly TcpListener _silent = new(IPAddress.Loopback, 0);
    private string _key = "";

    public async Task InitializeAsync()
    {
        _silent.Start();
        await using var setup = new SmartSenderApp(dataDirectory: _data.Path);
        var account = (await setup.CreateAdminAsync()).Id;
        _key = await setup.CreateApiKeyAsync(account);
        await setup.VerifyDomainAsync(account, "shop.test");
    }

    public async Task DisposeAsync()
    {
        _silent.Stop();
        await _sink.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task KilledWhileHoldingClaims_RestartedInstanceDeliversThemBeforeTheirClaimsLapse()
    {
        // A relay that accepts connections and never greets: every message is claimed and stays held.
        var first = await AppProcess.StartAsync(Settings(((IPEndPoint)_silent.LocalEndpoint).Port));
        using (var http = Client(first.Address))
        {
            for (var i = 0; i < Total; i++)
            {
                var response = await http.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = $"r{i}@example.test", subject = $"m{i}", text = "Your order." });
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }
        }

        var held = await Eventually.ReturnsAsync(CountClaimedAsync, n => n == Total, TimeSpan.FromSeconds(30));
        Assert.Equal(Total, held);
        var holdEnds = await FirstClaimEndAsync();
        first.Kill();

        using var second = await AppProcess.StartAsync(Settings(_sink.Port));
        var arrived = await Eventually.ReturnsAsync(() => Task.FromResult(_sink.Count), n => n >= Total, TimeSpan.FromSeconds(60));

        // Released because their holder is gone, not because their hold ran out (Delivery:ClaimHold, two minutes).
        Assert.Equal(Total, arrived);
        Assert.True(DateTime.UtcNow < holdEnds, $"the held messages arrived after their claims would have lapsed anyway ({holdEnds:O})");
        Console.WriteLine($"claim recovery: {Total} held messages delivered {(holdEnds - DateTime.UtcNow).TotalSeconds:F0} s before their claims would have lapsed");
    }

    private Dictionary<string, string> Settings(int relayPort) => new()
    {
        ["Database:DataDirectory"] = _data.Path,
        ["Delivery:Relay:Host"] = "127.0.0.1",
        ["Delivery:Relay:Port"] = relayPort.ToString(),
        ["Delivery:Relay:Security"] = "None",
        ["Jobs:QueuePollInterval"] = "00:00:00.200",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Dns:Servers:0"] = "127.0.0.1:9",
        ["Quota:Normal:PerSecond"] = "0",
    };

    private HttpClient Client(Uri address)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _key);
        return http;
    }

    private async Task<int> CountClaimedAsync()
    {
        await using var db = Database();
        return await db.Messages.CountAsync(m => m.ClaimId != null);
    }

    private async Task<DateTime> FirstClaimEndAsync()
    {
        await using var db = Database();
        return await db.Messages.Where(m => m.ClaimedUntil != null).MinAsync(m => m.ClaimedUntil!.Value);
    }

    private SmartSenderDbContext Database() => new(new DbContextOptionsBuilder<SmartSenderDbContext>()
        .UseSqlite($"Data Source={Path.Combine(_data.Path, "smartsender.db")}").Options);
}
