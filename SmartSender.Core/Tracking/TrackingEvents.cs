using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Tracking;

/// <summary>
/// The queue between the tracking endpoints and the event log. A pixel or redirect only enqueues its hit and answers
/// at once; this writer appends the events in batches, one transaction per batch. Hits for unknown tokens are dropped.
/// A batch taken off the queue stays this writer's until it is stored: a failed write is tried again with the same hits.
/// When the queue is full, a hit waits for room before its request is answered: an answered hit is never dropped.
/// </summary>
public sealed class TrackingEvents(
    IDbContextFactory<SmartSenderDbContext> contexts, IOptions<TrackingOptions> options, TimeProvider clock, ILogger<TrackingEvents> logger)
    : BackgroundService
{
    private const int BatchSize = 500;
    private readonly Channel<TrackingHit> _hits = Channel.CreateBounded<TrackingHit>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = false });
    private readonly SemaphoreSlim _writing = new(1, 1);

    // Taken off the queue and not yet stored; guarded by _writing, with its count readable outside.
    private readonly List<TrackingHit> _batch = new(BatchSize);
    private int _unwritten;

    private long _waited;

    /// <summary>Queues a hit; when the queue is full, waits until the writer has made room (or the client has gone).</summary>
    public ValueTask RecordAsync(TrackingHit hit, CancellationToken ct = default)
    {
        TrackingMetrics.Hit(hit.Type);
        if (_hits.Writer.TryWrite(hit))
        {
            return ValueTask.CompletedTask;
        }

        if (Interlocked.Increment(ref _waited) % 10_000 == 1)
        {
            logger.LogWarning("Tracking queue full ({Capacity} hits): requests wait for the writer", options.Value.QueueCapacity);
        }

        return _hits.Writer.WriteAsync(hit, ct);
    }

    /// <summary>Writes every hit enqueued so far and returns once they are stored.</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        await _writing.WaitAsync(ct);
        try
        {
            while (await WriteBatchAsync(ct) > 0)
            {
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A batch that failed is tried again whether or not new hits come.
        while (Volatile.Read(ref _unwritten) > 0 || await _hits.Reader.WaitToReadAsync(stoppingToken))
        {
            try
            {
                await FlushAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "{Count} tracking events could not be written; trying them again in a second", Volatile.Read(ref _unwritten));
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
            }
        }
    }

    /// <summary>On shutdown, what is queued is written before the process ends, as far as the host's shutdown time allows.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "{Count} tracking events could not be written before shutdown", Volatile.Read(ref _unwritten) + _hits.Reader.Count);
        }
    }

    private async Task<int> WriteBatchAsync(CancellationToken ct)
    {
        var batch = _batch;
        while (batch.Count < BatchSize && _hits.Reader.TryRead(out var hit))
        {
            batch.Add(hit);
        }

        Volatile.Write(ref _unwritten, batch.Count);

        if (batch.Count == 0)
        {
            return 0;
        }

        var tokens = batch.Select(h => h.Token).Distinct().ToList();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var messages = await db.Messages.Where(m => tokens.Contains(m.Token!)).ToDictionaryAsync(m => m.Token!, ct);
        var ids = messages.Values.Select(m => m.Id).ToList();
        var sent = await db.MessageEvents.Where(e => ids.Contains(e.MessageId) && e.Type == MessageEventType.Delivered)
            .GroupBy(e => e.MessageId).Select(g => new { g.Key, At = g.Min(e => e.OccurredAt) }).ToDictionaryAsync(x => x.Key, x => x.At, ct);
        foreach (var hit in batch)
        {
            if (!messages.TryGetValue(hit.Token, out var message))
            {
                continue;
            }

            var machine = MachineDetector.Why(hit, sent.TryGetValue(message.Id, out var at) ? at : null, options.Value.MachineWindow);
            message.RecordTracking(hit.Type, Evidence(hit, machine), machine is not null, hit.At, hit.Type == MessageEventType.Clicked ? hit.Url : null);
        }

        await db.SaveChangesAsync(ct);
        var written = batch.Count;
        batch.Clear();
        Volatile.Write(ref _unwritten, 0);
        return written;
    }

    private static string Evidence(TrackingHit hit, string? machine) =>
        string.Join("; ", new[]
        {
            hit.Url,
            $"User-Agent: {(string.IsNullOrWhiteSpace(hit.UserAgent) ? "(none)" : hit.UserAgent)}",
            hit.RemoteIp is null ? null : $"IP: {hit.RemoteIp}",
            machine is null ? null : $"machine: {machine}",
        }.OfType<string>());
}
