using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SmartSender.Core.Persistence.Caching;

namespace SmartSender.Core.Persistence;

/// <summary>
/// What one instance tells the others that share its PostgreSQL database (LISTEN/NOTIFY on one channel): new mail is
/// due (the delivery pumps look at once), a cached table was written (their caches read it again), and an address
/// gave a bad API key (every instance counts it toward that address's limit), an instance joined (the others count
/// again who shares the per-second send limits). Signals are
/// coalesced, so a burst of writes costs one notification per topic every few milliseconds. On SQLite there is one
/// process, and this does nothing.
/// </summary>
public sealed class ClusterSignals(IOptions<DatabaseOptions> database, ILogger<ClusterSignals> logger) : BackgroundService
{
    public const string Channel = "smartsender";
    public const string QueueTopic = "queue";
    private const string TablePrefix = "table:";
    private const string KeyFailurePrefix = "keyfail:";
    private const string InstancesTopic = "instances";
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    private readonly string _self = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, byte> _pending = new();
    private readonly SemaphoreSlim _toSend = new(0);
    private readonly ConcurrentBag<Action> _onQueue = [];
    private readonly ConcurrentBag<Action<string>> _onKeyFailure = [];
    private readonly ConcurrentBag<Action> _onInstances = [];

    private bool Shared => database.Value.Provider == DatabaseProvider.Postgres;

    /// <summary>Runs <paramref name="wake"/> whenever another instance queued mail.</summary>
    public void OnQueue(Action wake) => _onQueue.Add(wake);

    /// <summary>Tells the other instances that mail became due.</summary>
    public void QueueChanged() => Publish(QueueTopic);

    /// <summary>Runs <paramref name="record"/> with the address whenever another instance refused an API key from it.</summary>
    public void OnKeyFailure(Action<string> record) => _onKeyFailure.Add(record);

    /// <summary>Tells the other instances that <paramref name="address"/> gave a bad API key: each failure counts everywhere.</summary>
    public void KeyFailed(string address) => Publish($"{KeyFailurePrefix}{address}|{Guid.NewGuid():N}");

    /// <summary>Runs <paramref name="recount"/> whenever another instance joined.</summary>
    public void OnInstancesChanged(Action recount) => _onInstances.Add(recount);

    /// <summary>Tells the other instances that this one joined, so they count again who shares the limits.</summary>
    public void InstancesChanged() => Publish(InstancesTopic);

    public override Task StartAsync(CancellationToken ct)
    {
        if (Shared)
        {
            TableVersions.Written += TableWritten;
        }

        return base.StartAsync(ct);
    }

    public override async Task StopAsync(CancellationToken ct)
    {
        TableVersions.Written -= TableWritten;
        await base.StopAsync(ct);
    }

    protected override Task ExecuteAsync(CancellationToken stopping) =>
        Shared ? Task.WhenAll(ListenAsync(stopping), SendAsync(stopping)) : Task.CompletedTask;

    private void TableWritten(CachedTable table) => Publish(TablePrefix + table);

    private void Publish(string topic)
    {
        if (Shared && _pending.TryAdd(topic, 0))
        {
            _toSend.Release();
        }
    }

    /// <summary>
    /// Sends what is pending every few milliseconds, all topics in one statement, on a connection of its own kept open:
    /// no pooled connection to reset and no round trip per topic.
    /// </summary>
    private async Task SendAsync(CancellationToken stopping)
    {
        NpgsqlConnection? connection = null;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    await _toSend.WaitAsync(stopping);
                    await Task.Delay(Coalesce, stopping);
                    var payloads = new List<string>();
                    foreach (var topic in _pending.Keys)
                    {
                        if (_pending.TryRemove(topic, out _))
                        {
                            payloads.Add($"{_self}|{topic}");
                        }
                    }

                    if (payloads.Count == 0)
                    {
                        continue;
                    }

                    if (connection is null)
                    {
                        connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.Value.ConnectionString) { KeepAlive = 30, Pooling = false }.ToString());
                        await connection.OpenAsync(stopping);
                    }

                    await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, payload) FROM unnest(@payloads) AS payload", connection);
                    notify.Parameters.AddWithValue("channel", Channel);
                    notify.Parameters.AddWithValue("payloads", payloads.ToArray());
                    await notify.ExecuteNonQueryAsync(stopping);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or System.IO.IOException or InvalidOperationException)
                {
                    logger.LogWarning(e, "Could not tell the other instances what changed; they see it within their cache time");
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                        connection = null;
                    }

                    await Task.Delay(Reconnect, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private async Task ListenAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(
                    new NpgsqlConnectionStringBuilder(database.Value.ConnectionString) { KeepAlive = 30, Pooling = false }.ToString());
                await connection.OpenAsync(stopping);
                connection.Notification += (_, e) => Received(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping);
                }

                // Whatever happened while nobody listened is unknown: read everything again and look at the queue.
                foreach (var table in Enum.GetValues<CachedTable>())
                {
                    TableVersions.BumpFromElsewhere(table);
                }

                WakeQueue();
                while (!stopping.IsCancellationRequested)
                {
                    await connection.WaitAsync(stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.IO.IOException)
            {
                logger.LogWarning(e, "Lost the notification channel to the other instances; listening again in {Delay}", Reconnect);
                await Task.Delay(Reconnect, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private void Received(string payload)
    {
        var bar = payload.IndexOf('|');
        if (bar < 0 || payload.AsSpan(0, bar).SequenceEqual(_self))
        {
            return;
        }

        var topic = payload[(bar + 1)..];
        if (topic == QueueTopic)
        {
            WakeQueue();
        }
        else if (topic == InstancesTopic)
        {
            foreach (var recount in _onInstances)
            {
                recount();
            }
        }
        else if (topic.StartsWith(KeyFailurePrefix, StringComparison.Ordinal) && topic.IndexOf('|') is > 0 and var end)
        {
            var address = topic[KeyFailurePrefix.Length..end];
            foreach (var record in _onKeyFailure)
            {
                record(address);
            }
        }
        else if (topic.StartsWith(TablePrefix, StringComparison.Ordinal) && Enum.TryParse<CachedTable>(topic[TablePrefix.Length..], out var table))
        {
            TableVersions.BumpFromElsewhere(table);
        }
    }

    private void WakeQueue()
    {
        foreach (var wake in _onQueue)
        {
            wake();
        }
    }
}
