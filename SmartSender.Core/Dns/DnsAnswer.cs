namespace SmartSender.Core.Dns;

public enum DnsStatus
{
    /// <summary>The name exists; <see cref="DnsAnswer{T}.Records"/> may still be empty (no data of that type).</summary>
    Ok,

    /// <summary>NXDOMAIN: the name does not exist.</summary>
    NotFound,

    /// <summary>No usable answer: a timeout, SERVFAIL or a refused query.</summary>
    Failed,
}

/// <summary>One DNS question's answer, errors included as values.</summary>
public record DnsAnswer<T>(DnsStatus Status, IReadOnlyList<T> Records, string? Error = null)
{
    public bool IsVoid => Status == DnsStatus.NotFound || (Status == DnsStatus.Ok && Records.Count == 0);

    public static DnsAnswer<T> Found(IReadOnlyList<T> records) => new(DnsStatus.Ok, records);

    public static DnsAnswer<T> NoSuchName() => new(DnsStatus.NotFound, []);

    public static DnsAnswer<T> Failure(string error) => new(DnsStatus.Failed, [], error);
}

/// <summary>An MX record: lower preference is tried first.</summary>
public record MxHost(int Preference, string Host);
