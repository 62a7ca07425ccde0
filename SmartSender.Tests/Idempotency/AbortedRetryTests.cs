using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Idempotency;

/// <summary>
/// Clients that give up on a request (their timeout cuts the connection 0–40 ms in) and retry with the same
/// Idempotency-Key, on a real listening server: every key ends with exactly one message, and the retry learns its id.
/// </summary>
[Collection(AppCollection.Name)]
public abstract class AbortedRetryTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const int Keys = 200;
    private readonly TestDatabase _database = new(provider);
    private SmartSenderApp _app = default!;
    private HttpClient _api = default!;
    private Guid _accountId;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _app = new(kestrel: true, dataDirectory: null, database: _database);
        _app.Settings["Quota:Normal:PerSecond"] = "0";
        _app.StartKestrel();
        _accountId = (await _app.CreateAdminAsync()).Id;
        _api = _app.CreateApiClient(await _app.CreateApiKeyAsync(_accountId));
        await _app.VerifyDomainAsync(_accountId, "shop.test");
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    [SkippableFact]
    public async Task RetriesAfterAbortedRequests_EveryKeyMapsToExactlyOneMessage_AndEveryRetryGetsItsId()
    {
        var answered = new ConcurrentDictionary<int, (HttpStatusCode Status, Guid? Id)>();
        var random = new Random(25);
        var delays = Enumerable.Range(0, Keys).Select(_ => random.Next(0, 41)).ToArray();
        var next = -1;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < Keys; i = Interlocked.Increment(ref next))
            {
                using (var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(delays[i])))
                {
                    try
                    {
                        await PostAsync(i, giveUp.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // The client's timeout: the server may or may not have stored the message.
                    }
                }

                answered[i] = await PostAsync(i, CancellationToken.None);
            }
        }));

        var refused = answered.Where(a => a.Value.Status != HttpStatusCode.Accepted).ToList();
        Assert.True(refused.Count == 0, $"{refused.Count} retries were not answered 202, e.g. key {refused.FirstOrDefault().Key}: {refused.FirstOrDefault().Value.Status}");
        var stored = await _app.WithDbAsync(db => db.Messages.Where(m => m.AccountId == _accountId)
            .Select(m => new { m.Id, m.Subject }).ToListAsync());
        var perKey = stored.GroupBy(m => m.Subject).ToDictionary(g => g.Key, g => g.Select(m => m.Id).ToList());
        var doubled = perKey.Where(p => p.Value.Count > 1).Select(p => p.Key).ToList();
        Assert.True(doubled.Count == 0, $"{doubled.Count} keys have more than one message, e.g. {doubled.FirstOrDefault()}");
        Assert.Equal(Keys, perKey.Count);
        Assert.All(answered, a => Assert.Equal(perKey[$"key {a.Key}"].Single(), a.Value.Id));
    }

    private async Task<(HttpStatusCode, Guid?)> PostAsync(int key, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages")
        {
            Content = JsonContent.Create(new { from = "orders@shop.test", to = $"r{key}@example.test", subject = $"key {key}", text = "Your order." }),
        };
        request.Headers.Add("Idempotency-Key", $"order-{key}");
        using var response = await _api.SendAsync(request, ct);
        Guid? id = response.StatusCode == HttpStatusCode.Accepted
            ? (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid()
            : null;
        return (response.StatusCode, id);
    }
}

[Collection(AppCollection.Name)]
public sealed class AbortedRetryOnSqliteTests() : AbortedRetryTests(DatabaseProvider.Sqlite);

[Collection(AppCollection.Name)]
public sealed class AbortedRetryOnPostgresTests() : AbortedRetryTests(DatabaseProvider.Postgres);
