using SmartSender.Core.Common;

namespace SmartSender.Core.Reputation;

public static class ReputationErrors
{
    public static Error AccountNotFound() => new NotFoundError("account_not_found", "No such account.");

    public static Error ReasonRequired() => new("reason_required", "Say why: the reason is kept in the account's history.", "reason");

    public static Error DailyLimitInvalid() => new("daily_limit_invalid", "The daily limit is a whole number from 0 (paused) up.", "dailyLimit");

    public static Error PerSecondInvalid() => new("per_second_invalid", "The rate is a number of messages per second above 0.", "perSecond");

    public static Error NothingHeld() => new("nothing_held", "The account has no held mail.");
}
