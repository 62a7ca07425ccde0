namespace SmartSender.Core.Idempotency;

/// <summary>The first answer to a request made with an <c>Idempotency-Key</c>, kept so a retry gets it again.</summary>
public class IdempotencyRecord
{
    private IdempotencyRecord()
    {
    }

    internal IdempotencyRecord(Guid accountId, string key, string requestHash, DateTime now)
    {
        AccountId = accountId;
        Key = key;
        RequestHash = requestHash;
        CreatedAt = now;
    }

    public long Id { get; private set; }

    public Guid AccountId { get; private set; }

    public string Key { get; private set; } = "";

    public string RequestHash { get; private set; } = "";

    /// <summary>Null while the first request is still being processed.</summary>
    public int? StatusCode { get; private set; }

    public string? ResponseBody { get; private set; }

    public string? Location { get; private set; }

    public DateTime CreatedAt { get; private set; }

    internal void Complete(int statusCode, string body, string? location) => (StatusCode, ResponseBody, Location) = (statusCode, body, location);
}
