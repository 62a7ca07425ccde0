using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Delivery;

/// <summary>
/// 202 Accepted means on disk: the program is killed with SIGKILL while 2,000 messages are being submitted and
/// delivered, started again, and the sink must see every accepted message, and twice at most those whose SMTP
/// transaction had completed before their outcome was saved.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private const int Total = 2_000;
    private readonly TestFolder _data = new("crash");
    private readonly SmtpSink _sink = new();
    private string _key = "";

    public async Task InitializeAsync()
    {
        // The account, its key and its verified domain, made by the app itself in this process, then left on disk.
        await using var setup = new SmartSenderApp(dataDirectory: _data.Path);
        var account = (await setup.CreateAdminAsync()).Id;
        _key = await setup.CreateApiKeyAsync(account);
        await setup.VerifyDomainAsync(account, "shop.test");
    }

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task KilledMidDelivery_EveryAcceptedMessageArrives_AndOnlyMessagesWhoseDataHadCompletedArriveTwice()
    {
        var accepted = new ConcurrentDictionary<int, Guid>();
        var next = 0;

        var first = await AppProcess.StartAsync(Settings());
        var submitting = SubmitAsync(first.Address, () => Interlocked.Increment(ref next) - 1, accepted);
        await Eventually.ReturnsAsync(() => Task.FromResult(_sink.Count), n => n >= 300, TimeSpan.FromSeconds(60));
        first.Kill();
        var sentOnDisk = await CountSentAsync();
        await submitting;
        var acceptedBeforeKill = accepted.Count;

        // Every message the sink had before the restart was sent by the killed process; those not recorded as Sent may come again.
        var arrivedBeforeRestart = _sink.Count;
        Assert.InRange(arrivedBeforeRestart, 300, Total - 1);

        using var second = await AppProcess.StartAsync(Settings());
        await SubmitAsync(second.Address, () => Interlocked.Increment(ref next) - 1, accepted);
        var arrived = await Eventually.ReturnsAsync(() => Task.FromResult(_sink.Subjects()), s => accepted.Keys.All(i => s.ContainsKey($"m{i}")), TimeSpan.FromSeconds(120));

        var missing = accepted.Keys.Where(i => !arrived.ContainsKey($"m{i}")).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} accepted messages never arrived, e.g. m{missing.FirstOrDefault()}");
        var duplicates = arrived.Values.Sum(n => n - 1);
        var unrecorded = arrivedBeforeRestart - sentOnDisk;
        Assert.True(duplicates <= unrecorded, $"{duplicates} duplicates; only {unrecorded} messages had completed DATA without their outcome saved");
        Assert.True(accepted.Count >= Total - 8, $"{accepted.Count} accepted: only a request in flight at the kill, one per client, may be lost");
        var ids = accepted.Values.ToList();
        await using var db = Context();
        Assert.Equal(accepted.Count, await db.Messages.CountAsync(m => ids.Contains(m.Id) && m.Status == MessageStatus.Delivered));
        Console.WriteLine($"crash test: {acceptedBeforeKill} accepted before the kill, {arrivedBeforeRestart} arrived, {sentOnDisk} recorded Sent; " +
            $"{accepted.Count} accepted in all, {arrived.Count} distinct arrived, {duplicates} duplicates");
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["Database:DataDirectory"] = _data.Path,
        ["Delivery:Relay:Host"] = "127.0.0.1",
        ["Delivery:Relay:Port"] = _sink.Port.ToString(),
        ["Delivery:Relay:Security"] = "None",
        ["Delivery:ClaimHold"] = "00:00:03",
        ["Jobs:QueuePollInterval"] = "00:00:00.200",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Dns:Servers:0"] = "127.0.0.1:9",

        // Eight clients submit as fast as they can; the account's per-second quota is not what this test is about.
        ["Quota:Normal:PerSecond"] = "0",
    };

    /// <summary>Submits until <see cref="Total"/> were tried, 8 at a time; a request the kill cut off is simply not accepted.</summary>
    private async Task SubmitAsync(Uri address, Func<int> take, ConcurrentDictionary<int, Guid> accepted)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _key);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = take(); i < Total; i = take())
            {
                try
                {
                    var response = await http.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = $"r{i}@example.test", subject = $"m{i}", text = "Your order." });
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        accepted[i] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // The process died under this request: it may or may not have been stored; it is not counted as accepted.
                    return;
                }
            }
        }));
    }

    private async Task<int> CountSentAsync()
    {
        await using var db = Context();
        return await db.Messages.CountAsync(m => m.Status == MessageStatus.Delivered);
    }

    private SmartSenderDbContext Context() => new(new DbContextOptionsBuilder<SmartSenderDbContext>()
        .UseSqlite($"Data Source={Path.Combine(_data.Path, "smartsender.db")}").Options);
}
