namespace SmartSender.Core.Idempotency;

/// <summary>What to do with a request that carries an Idempotency-Key.</summary>
public abstract record IdempotencyStart
{
    /// <summary>The first request with this key: process it, then <see cref="IdempotencyStore.CompleteAsync"/>.</summary>
    public sealed record First(long RecordId) : IdempotencyStart;

    /// <summary>A retry: answer exactly as the first time.</summary>
    public sealed record Replay(int StatusCode, string Body, string? Location) : IdempotencyStart;

    /// <summary>The key was used before for a different request.</summary>
    public sealed record Mismatch : IdempotencyStart;

    /// <summary>The first request is still being processed.</summary>
    public sealed record InProgress : IdempotencyStart;
}
