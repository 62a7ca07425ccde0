namespace SmartSender.Core.Idempotency;

/// <summary>An answer kept for an Idempotency-Key, given again to every retry.</summary>
public sealed record IdempotentAnswer(int StatusCode, string Body, string? Location);
