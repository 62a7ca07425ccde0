using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Analytics;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Persistence.Caching;

namespace SmartSender.Core.Quota;

/// <summary>
/// What the quota is judged from, read for every submission. The messages queued per hour are read from the hourly
/// totals at most every <see cref="DatabaseOptions.CacheTime"/>; in between, the queue writer tells of what it
/// stored (<see cref="Queued"/>) and the counts grow in memory. A write of Queued counts by anything else
/// (<see cref="CachedTable.QueuedTotals"/>) makes the next submission read them again.
/// </summary>
public sealed class QuotaReads(IDbContextFactory<SmartSenderDbContext> contexts, AccountCache accounts, IOptions<DatabaseOptions> options)
{
    private readonly ConcurrentDictionary<Guid, Tally> _tallies = new();
    private readonly TimeSpan _maxAge = options.Value.CacheTime;

    /// <summary>The account: its reputation, hand-set quota, last warning and closure.</summary>
    public Task<Account?> AccountAsync(Guid accountId, CancellationToken ct) => accounts.FindAsync(accountId, ct);

    /// <summary>Messages queued per hour since <paramref name="since"/>, oldest first.</summary>
    public async Task<QueuedHours> QueuedSinceAsync(Guid accountId, DateTime since, CancellationToken ct)
    {
        if (_maxAge <= TimeSpan.Zero)
        {
            return await ReadAsync(accountId, since).WaitAsync(ct);
        }

        var tally = _tallies.GetOrAdd(accountId, _ => new Tally());
        Task<QueuedHours> reading;
        lock (tally)
        {
            var version = TableVersions.Of(CachedTable.QueuedTotals);
            if (tally.IsCurrent(since, version, Environment.TickCount64, _maxAge))
            {
                return tally.View();
            }

            reading = tally.ReadingFor(since, version) ?? tally.StartReading(ReadAsync(accountId, since), since, version, Environment.TickCount64);
        }

        try
        {
            var hours = await reading.WaitAsync(ct);
            lock (tally)
            {
                tally.Finished(reading, hours);
                return tally.IsFor(since) ? tally.View() : hours;
            }
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            lock (tally)
            {
                tally.Failed(reading);
            }

            throw;
        }
    }

    /// <summary>The queue writer committed messages of <paramref name="accountId"/> queued at these times (test mail left out): they count at once.</summary>
    public void Queued(Guid accountId, IEnumerable<DateTime> queuedAt)
    {
        if (!_tallies.TryGetValue(accountId, out var tally))
        {
            return;
        }

        lock (tally)
        {
            foreach (var at in queuedAt)
            {
                tally.Add(Analytics.Rollups.RollupKey.HourOf(at));
            }
        }
    }

    private async Task<QueuedHours> ReadAsync(Guid accountId, DateTime since)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var hours = await db.HourlyTotals.AsNoTracking()
            .Where(r => r.AccountId == accountId && r.Tag == "" && r.Type == MessageEventType.Queued && r.Bucket >= since && r.Provider != SimulatorAddresses.Provider)
            .GroupBy(r => r.Bucket).Select(g => new { Bucket = g.Key, Count = g.Sum(r => r.Count) }).ToListAsync();
        return new QueuedHours([.. hours.OrderBy(h => h.Bucket).Select(h => (h.Bucket, h.Count))]);
    }

    /// <summary>
    /// One account's counts: the last read, and what was queued since that read began. What is queued while a read
    /// runs counts for the read in use and for the coming one too; one committed just before the read began may
    /// then count twice until the next read, so the quota errs toward refusing, never toward sending more.
    /// </summary>
    private sealed class Tally
    {
        private QueuedHours? _read;
        private DateTime _since;
        private long _version;
        private long _readAt;
        private Dictionary<DateTime, long> _added = [];

        private Task<QueuedHours>? _reading;
        private DateTime _readingSince;
        private long _readingVersion;
        private long _readingAt;
        private Dictionary<DateTime, long> _addedDuringRead = [];

        public bool IsFor(DateTime since) => _read is not null && _since == since;

        public bool IsCurrent(DateTime since, long version, long now, TimeSpan maxAge) =>
            IsFor(since) && _version == version && now - _readAt < maxAge.TotalMilliseconds;

        public Task<QueuedHours>? ReadingFor(DateTime since, long version) =>
            _reading is not null && _readingSince == since && _readingVersion == version ? _reading : null;

        public Task<QueuedHours> StartReading(Task<QueuedHours> reading, DateTime since, long version, long now)
        {
            (_reading, _readingSince, _readingVersion, _readingAt, _addedDuringRead) = (reading, since, version, now, []);
            return reading;
        }

        public void Finished(Task<QueuedHours> reading, QueuedHours hours)
        {
            if (_reading == reading)
            {
                (_read, _since, _version, _readAt, _added, _reading) = (hours, _readingSince, _readingVersion, _readingAt, _addedDuringRead, null);
            }
        }

        public void Failed(Task<QueuedHours> reading)
        {
            if (_reading == reading)
            {
                _reading = null;
            }
        }

        public void Add(DateTime hour)
        {
            _added[hour] = _added.GetValueOrDefault(hour) + 1;
            if (_reading is not null)
            {
                _addedDuringRead[hour] = _addedDuringRead.GetValueOrDefault(hour) + 1;
            }
        }

        public QueuedHours View()
        {
            if (_added.Count == 0)
            {
                return _read!;
            }

            var hours = _read!.Hours.ToDictionary(h => h.Bucket, h => h.Count);
            foreach (var (hour, count) in _added.Where(a => a.Key >= _since))
            {
                hours[hour] = hours.GetValueOrDefault(hour) + count;
            }

            return new QueuedHours([.. hours.OrderBy(h => h.Key).Select(h => (h.Key, h.Value))]);
        }
    }
}

public sealed record QueuedHours(IReadOnlyList<(DateTime Bucket, long Count)> Hours)
{
    public long Used => Hours.Sum(h => h.Count);
}
