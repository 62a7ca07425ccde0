namespace SmartSender.Core.Idempotency;

/// <summary>
/// The Idempotency-Key a message is submitted under. The queue writer stores the key's record, with the first
/// answer, in the transaction that stores the message, so a key maps to exactly one message whatever happens to the
/// client's connection or the process: both are committed or neither is. When another request committed the key
/// first, the message is not stored and <see cref="Taken"/> says so; that request's answer is the one to give.
/// </summary>
/// <param name="Answer">The answer the API gives for the accepted message with this id (status, body, location).</param>
public sealed record IdempotencyClaim(Guid AccountId, string Key, string RequestHash, Func<Guid, IdempotentAnswer> Answer)
{
    /// <summary>Set by an endpoint whose answer is not one message's (a batch's) before its messages are stored.</summary>
    public Func<Guid, IdempotentAnswer> Answer { get; set; } = Answer;

    /// <summary>Set by the write that found the key already held: the message was not stored.</summary>
    public bool Taken { get; internal set; }
}
