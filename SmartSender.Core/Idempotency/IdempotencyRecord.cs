namespace SmartSender.Core.Idempotency;

/// <summary>
/// The first answer to a request made with an <c>Idempotency-Key</c>, kept so a retry gets it again. Written only in
/// the transaction that stores the accepted message (<see cref="IdempotencyStatements"/>): there is no record of a
/// request still being processed, so nothing is left holding a key after a crash or a client that went away.
/// </summary>
public class IdempotencyRecord
{
    private IdempotencyRecord()
    {
    }

    public long Id { get; private set; }

    public Guid AccountId { get; private set; }

    public string Key { get; private set; } = "";

    public string RequestHash { get; private set; } = "";

    /// <summary>The answer's status; null only in records made before answers were stored with their message.</summary>
    public int? StatusCode { get; private set; }

    public string? ResponseBody { get; private set; }

    public string? Location { get; private set; }

    /// <summary>The message stored under the key.</summary>
    public Guid? MessageId { get; private set; }

    public DateTime CreatedAt { get; private set; }
}
