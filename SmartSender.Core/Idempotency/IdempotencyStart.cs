namespace SmartSender.Core.Idempotency;

/// <summary>What to do with a request that carries an Idempotency-Key.</summary>
public abstract record IdempotencyStart
{
    /// <summary>No message holds the key yet: process the request, submitting it under an <see cref="IdempotencyClaim"/>.</summary>
    public sealed record First : IdempotencyStart;

    /// <summary>A retry: answer exactly as the first time.</summary>
    public sealed record Replay(IdempotentAnswer Answer) : IdempotencyStart;

    /// <summary>The key was used before for a different request.</summary>
    public sealed record Mismatch : IdempotencyStart;
}
