namespace SmartSender.Core.Persistence.Caching;

/// <summary>The tables whose rows the send path keeps in memory between requests.</summary>
public enum CachedTable
{
    Accounts,
    ApiKeys,

    /// <summary>A sending domain with its DKIM keys and record checks.</summary>
    SendingDomains,

    /// <summary>Templates with their versions.</summary>
    Templates,

    /// <summary>
    /// The hourly totals' Queued counts the daily quota is counted from, when written by anything but the queue
    /// writer, which tells the quota of its own (<see cref="Quota.QuotaReads"/>).
    /// </summary>
    QueuedTotals,

    /// <summary>Blocklist listings: which sending IPs are out of rotation.</summary>
    Blocklists,
}

/// <summary>
/// A counter per cached table that every write to it moves on (<see cref="TableWriteWatcher"/>). A value read from
/// the database is good while its table's counter still says what it said before the read began. Process-wide, so
/// every context of the process counts, whatever made it.
/// </summary>
public static class TableVersions
{
    private static readonly long[] Versions = new long[Enum.GetValues<CachedTable>().Length];

    public static long Of(CachedTable table) => Volatile.Read(ref Versions[(int)table]);

    /// <summary>A write by this process; the other instances are told (<see cref="ClusterSignals"/>).</summary>
    public static event Action<CachedTable>? Written;

    public static void Bump(CachedTable table)
    {
        Interlocked.Increment(ref Versions[(int)table]);
        Written?.Invoke(table);
    }

    /// <summary>A write by another instance: read again here, tell no one.</summary>
    public static void BumpFromElsewhere(CachedTable table) => Interlocked.Increment(ref Versions[(int)table]);
}
