using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Idempotency;

/// <summary>
/// The program is killed with SIGKILL while clients submit messages with Idempotency-Keys, started again, and every
/// key is retried: each maps to exactly one message, each retry is answered at once with that message's id, and a key
/// the kill cut off before anything was stored is simply processed.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class KeyedAcceptanceCrashTests : IAsyncLifetime
{
    private readonly TestFolder _data = new("keyed-crash");
    private readonly SmtpSink _sink = new();
    private string _key = "";

    public async Task InitializeAsync()
    {
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
    public async Task KilledDuringKeyedAcceptance_EveryKeyMapsToOneMessage_AndItsRetryGetsItsId()
    {
        var accepted = new ConcurrentDictionary<int, Guid>();
        var tried = new ConcurrentDictionary<int, bool>();
        var next = -1;

        var first = await AppProcess.StartAsync(Settings());
        using (var http = Client(first.Address))
        {
            var submitting = Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            {
                for (var i = Interlocked.Increment(ref next); i < 5_000; i = Interlocked.Increment(ref next))
                {
                    tried[i] = true;
                    try
                    {
                        var (status, id) = await PostAsync(http, i);
                        if (status == HttpStatusCode.Accepted)
                        {
                            accepted[i] = id!.Value;
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        return;
                    }
                }
            }));
            await Eventually.ReturnsAsync(() => Task.FromResult(accepted.Count), n => n >= 400, TimeSpan.FromSeconds(60));
            first.Kill();
            await submitting;
        }

        using var second = await AppProcess.StartAsync(Settings());
        using var retries = Client(second.Address);
        var answers = await Task.WhenAll(tried.Keys.Select(async i => (Key: i, Answer: await PostAsync(retries, i))));

        var notAccepted = answers.Where(a => a.Answer.Status != HttpStatusCode.Accepted).ToList();
        Assert.True(notAccepted.Count == 0, $"{notAccepted.Count} retries after the restart were not accepted, e.g. key {notAccepted.FirstOrDefault().Key}: {notAccepted.FirstOrDefault().Answer.Status}");
        Assert.All(accepted, a => Assert.Equal(a.Value, answers.Single(r => r.Key == a.Key).Answer.Id));
        await using var db = Context();
        var perKey = (await db.Messages.Select(m => new { m.Id, m.Subject }).ToListAsync()).GroupBy(m => m.Subject).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(tried.Count, perKey.Count);
        Assert.All(answers, a => Assert.Equal(perKey[$"key {a.Key}"].Single().Id, a.Answer.Id));
        Console.WriteLine($"keyed crash test: {accepted.Count} accepted before the kill, {tried.Count - accepted.Count} cut off; {answers.Length} keys retried, one message each");
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["Database:DataDirectory"] = _data.Path,
        ["Delivery:Relay:Host"] = "127.0.0.1",
        ["Delivery:Relay:Port"] = _sink.Port.ToString(),
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

    private static async Task<(HttpStatusCode Status, Guid? Id)> PostAsync(HttpClient http, int key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages")
        {
            Content = JsonContent.Create(new { from = "orders@shop.test", to = $"r{key}@example.test", subject = $"key {key}", text = "Your order." }),
        };
        request.Headers.Add("Idempotency-Key", $"order-{key}");
        using var response = await http.SendAsync(request);
        Guid? id = response.StatusCode == HttpStatusCode.Accepted ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid() : null;
        return (response.StatusCode, id);
    }

    private SmartSenderDbContext Context() => new(new DbContextOptionsBuilder<SmartSenderDbContext>()
        .UseSqlite($"Data Source={Path.Combine(_data.Path, "smartsender.db")}").Options);
}
