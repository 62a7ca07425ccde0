using System.Collections.Concurrent;

namespace SmartSender.Core.Persistence.Caching;

/// <summary>
/// Values read from the database, kept while the tables they came from are unchanged (<see cref="TableVersions"/>)
/// and for at most <paramref name="maxAge"/>, which bounds how long a change made by another process goes unseen.
/// Concurrent misses of one key share one read, which no one caller's cancellation stops. Null values are not kept.
/// </summary>
public class ReadCache<TKey, TValue>(TimeSpan maxAge, params CachedTable[] tables)
    where TKey : notnull
    where TValue : class
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();

    public async Task<TValue?> GetAsync(TKey key, Func<TKey, Task<TValue?>> read, CancellationToken ct = default)
    {
        if (maxAge <= TimeSpan.Zero)
        {
            return await read(key).WaitAsync(ct);
        }

        var now = Environment.TickCount64;
        if (_entries.TryGetValue(key, out var entry) && entry.IsCurrent(Stamp(), now, maxAge))
        {
            return await entry.Value.WaitAsync(ct);
        }

        var stamp = Stamp();
        var fresh = new Entry(stamp, now);
        entry = _entries.AddOrUpdate(key, fresh, (_, old) => old.IsCurrent(stamp, now, maxAge) ? old : fresh);
        if (entry == fresh)
        {
            if (_entries.Count > MaxEntries)
            {
                _entries.Clear();
            }

            fresh.Start(Read(read, key));
        }

        try
        {
            var value = await entry.Value.WaitAsync(ct);
            if (value is null)
            {
                _entries.TryRemove(new KeyValuePair<TKey, Entry>(key, entry));
            }

            return value;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            _entries.TryRemove(new KeyValuePair<TKey, Entry>(key, entry));
            throw;
        }
    }

    private static Task<TValue?> Read(Func<TKey, Task<TValue?>> read, TKey key)
    {
        try
        {
            return read(key);
        }
        catch (Exception ex)
        {
            return Task.FromException<TValue?>(ex);
        }
    }

    // Versions only grow, so the stamp grows whenever any of its tables changes.
    private long Stamp()
    {
        long stamp = 0;
        foreach (var table in tables)
        {
            stamp = stamp * 1_000_003 + TableVersions.Of(table);
        }

        return stamp;
    }

    private sealed class Entry(long stamp, long readAt)
    {
        private readonly TaskCompletionSource<Task<TValue?>> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<TValue?> Value => _started.Task.Unwrap();

        public void Start(Task<TValue?> read) => _started.SetResult(read);

        public bool IsCurrent(long current, long now, TimeSpan maxAge) => stamp == current && now - readAt < maxAge.TotalMilliseconds;
    }
}
