using SmartSender.Core.Common;

namespace SmartSender.Core.Suppressions;

/// <summary>A message to an address the account no longer sends to is refused when it is submitted: reason <c>suppressed</c>.</summary>
public sealed record SuppressedError(string Address, SuppressionReason Why, DateTime Since)
    : UnprocessableError("suppressed", Describe(Address, Why, Since), "to")
{
    public const string Reason = "suppressed";

    public override string? Title => "The recipient is on the suppression list";

    public override IReadOnlyDictionary<string, object?> Details => new Dictionary<string, object?> { ["address"] = Address, ["suppressedBecause"] = Why.ToString() };

    private static string Describe(string address, SuppressionReason why, DateTime since) =>
        $"{address} is on this account's suppression list since {since:yyyy-MM-dd} ({Words(why)}), so SmartSender does not send to it.";

    /// <summary>Why an address is suppressed, in words.</summary>
    public static string Words(SuppressionReason why) => why switch
    {
        SuppressionReason.HardBounce => "its server said it does not exist or cannot receive mail",
        SuppressionReason.Complaint => "the recipient reported mail as spam",
        SuppressionReason.Unsubscribe => "the recipient unsubscribed",
        _ => "added by the account",
    };
}
