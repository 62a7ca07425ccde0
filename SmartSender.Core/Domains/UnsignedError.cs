using SmartSender.Core.Common;

namespace SmartSender.Core.Domains;

/// <summary>A record that keeps a domain from sending, as the sender sees it.</summary>
public record FailingRecord(string Record, string Status, string? Hint);

/// <summary>
/// Mail from a domain that is not a verified sending domain of the account, or whose SPF or DKIM check
/// fails, is refused when it is submitted: reason <c>unsigned</c>.
/// </summary>
public sealed record UnsignedError(string Domain, IReadOnlyList<FailingRecord> FailingRecords)
    : UnprocessableError("unsigned", Describe(Domain, FailingRecords), "from")
{
    public const string Reason = "unsigned";

    public override string? Title => "The sending domain is not verified";

    public override IReadOnlyDictionary<string, object?> Details => new Dictionary<string, object?> { ["domain"] = Domain, ["failingRecords"] = FailingRecords };

    private static string Describe(string domain, IReadOnlyList<FailingRecord> failing) =>
        failing.Count == 0
            ? $"Mail from {domain} cannot be sent (unsigned): {domain} is not one of your sending domains. Add it on the Domains page and publish its records."
            : $"Mail from {domain} cannot be sent (unsigned): {string.Join("; ", failing.Select(f => $"{f.Record} is {f.Status.ToLowerInvariant()}"))}. See the Domains page for what to fix.";
}
