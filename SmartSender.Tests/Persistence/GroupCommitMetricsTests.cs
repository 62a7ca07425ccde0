using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Persistence;

public sealed class GroupCommitMetricsTests : IAsyncLifetime, IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly MeterListener _listener = new();
    private readonly string _writer = $"test writer {Guid.NewGuid():N}";
    private readonly ConcurrentQueue<(string Instrument, double Value)> _measured = new();

    public GroupCommitMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GroupCommitMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _listener.Start();
    }

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task EveryCommit_ReportsItsDurationAndSize_AndEveryChangeItsWait()
    {
        var commits = new GroupCommit<int>(_database.CreateFactory(), (_, _) => Task.Delay(5), NullLogger.Instance, _writer);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => commits.WriteAsync(i)));
        await commits.CompleteAsync();

        var sizes = Values("smartsender.group_commit.size");
        Assert.Equal(40, sizes.Sum());
        Assert.Equal(sizes.Count, Values("smartsender.group_commit.duration").Count);
        Assert.All(Values("smartsender.group_commit.duration"), d => Assert.True(d >= 0.005, $"a commit of {d} s took less than its write"));
        var waits = Values("smartsender.group_commit.wait");
        Assert.Equal(40, waits.Count);
        Assert.All(waits, w => Assert.True(w >= 0.005, $"a change waited {w} s, less than its commit"));
    }

    [Fact]
    public async Task AChangeThatFails_IsNotCountedAsSaved()
    {
        var commits = new GroupCommit<int>(
            _database.CreateFactory(), (_, items) => items.Contains(7) ? Task.FromException(new InvalidOperationException("seven")) : Task.CompletedTask, NullLogger.Instance, _writer);

        var writes = Enumerable.Range(0, 20).Select(i => commits.WriteAsync(i)).ToList();
        await Assert.ThrowsAsync<InvalidOperationException>(() => writes[7]);
        await Task.WhenAll(writes.Where((_, i) => i != 7));
        await commits.CompleteAsync();

        Assert.Equal(19, Values("smartsender.group_commit.size").Sum());
        Assert.Equal(19, Values("smartsender.group_commit.wait").Count);
    }

    private List<double> Values(string instrument) => [.. _measured.Where(m => m.Instrument == instrument).Select(m => m.Value)];

    private void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == GroupCommitMetrics.WriterTag && Equals(tag.Value, _writer))
            {
                _measured.Enqueue((instrument.Name, value));
            }
        }
    }
}
