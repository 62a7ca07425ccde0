using SmartSender.Core.Common;

namespace SmartSender.Core.Quota;

/// <summary>A submission over the account's quota: refused with 429 and a Retry-After, nothing queued.</summary>
public sealed record QuotaExceededError(string Reason, string Text, TimeSpan RetryAfter) : TooManyRequestsError(Reason, Text, RetryAfter)
{
    public override string? Title => Reason == Paused ? "Sending is paused" : "Over the account's quota";

    public const string Daily = "quota_exceeded";
    public const string Rate = "rate_exceeded";
    public const string Paused = "sending_paused";

    public static QuotaExceededError DailyLimit(int limit, TimeSpan retryAfter) =>
        new(Daily, $"The account has sent its quota of {limit:N0} messages in the last 24 hours; room frees up in {Describe(retryAfter)}. Nothing was queued.", retryAfter);

    public static QuotaExceededError PerSecond(double perSecond, TimeSpan retryAfter) =>
        new(Rate, $"The account may send {perSecond:0.##} messages per second; wait {Describe(retryAfter)}. Nothing was queued.", retryAfter);

    public static QuotaExceededError SendingPaused(TimeSpan retryAfter) =>
        new(Paused, "Sending is paused: the account's reputation is Bad. See the Reputation page for why and what moves it up; support can release it. Nothing was queued.", retryAfter);

    private static string Describe(TimeSpan span) =>
        span.TotalSeconds < 90 ? $"{Math.Ceiling(span.TotalSeconds):0} s" : span.TotalMinutes < 90 ? $"{Math.Ceiling(span.TotalMinutes):0} min" : $"{span.TotalHours:0.#} h";
}
