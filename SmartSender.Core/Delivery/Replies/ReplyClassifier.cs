using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace SmartSender.Core.Delivery.Replies;

/// <summary>How to take one reply: delivered, try later (and whether to slow or pause the lane), or never.</summary>
public sealed record ReplyVerdict(DeliveryOutcome Outcome, ReplyEffect? Effect, string? Rule, TimeSpan? SuspendFor, TimeSpan? RetryAfter)
{
    public bool SlowsLane => Effect is ReplyEffect.Throttle or ReplyEffect.Suspend;

    /// <summary>
    /// A permanent failure that says the address itself cannot receive mail (5.1.x, 5.2.1, "user unknown", …), as
    /// opposed to a refusal of the content or the sender: only this suppresses the address.
    /// </summary>
    public bool AddressIsBad { get; init; }
}

/// <summary>
/// Classifies SMTP replies (RFC 5321 §4.2.1: 2yz done, 4yz transient, 5yz permanent), corrected by rules that read the
/// text: provider throttling, "stop for a while", a 5xx that means "later", a 4xx that means "no such user".
/// "Try again in N minutes" in a reply sets when to retry.
/// </summary>
public sealed partial class ReplyClassifier
{
    private readonly IReadOnlyList<(ReplyRule Rule, Regex Regex)> _rules;

    public ReplyClassifier(IEnumerable<ReplyRule> rules) =>
        _rules = [.. rules.Select(r => (r, new Regex(r.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50))))];

    public ReplyClassifier(IConfiguration configuration)
        : this(configuration.GetSection(ReplyRules.Section).Get<List<ReplyRule>>() is { Count: > 0 } configured ? configured : ReplyRules.Defaults)
    {
    }

    public static ReplyClassifier Default { get; } = new(ReplyRules.Defaults);

    public ReplyVerdict Classify(int code, string text)
    {
        var reply = Normalise(code, text);
        if (code is >= 200 and < 300)
        {
            return new ReplyVerdict(new DeliveryOutcome.Delivered(reply), null, null, null, null);
        }

        var match = _rules.FirstOrDefault(r => r.Regex.IsMatch(reply));
        var effect = match.Rule?.Effect;
        var permanent = effect switch
        {
            ReplyEffect.Hard => true,
            ReplyEffect.Soft or ReplyEffect.Throttle or ReplyEffect.Suspend => false,
            _ => code is >= 500 and < 600,
        };
        var retryAfter = RetryAfter(reply);
        var suspendFor = effect == ReplyEffect.Suspend ? retryAfter ?? match.Rule!.SuspendFor : null;
        DeliveryOutcome outcome = permanent ? new DeliveryOutcome.HardFail(reply) : new DeliveryOutcome.SoftFail(reply);
        return new ReplyVerdict(outcome, effect, match.Rule?.Name, suspendFor, retryAfter) { AddressIsBad = permanent && IsBadAddress(reply) };
    }

    /// <summary>Whether a permanent failure is about the address; see <see cref="ReplyVerdict.AddressIsBad"/>.</summary>
    public static bool IsBadAddress(string reply) => BadAddress().IsMatch(reply) && !NotAboutTheAddress().IsMatch(reply);

    /// <summary>One line: multi-line replies (<c>421-4.7.0 …</c>) are joined, and the code is put in front once.</summary>
    private static string Normalise(int code, string text)
    {
        var lines = text.Replace("\\r\\n", "\n").Replace("\\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => LeadingCode().Replace(line, "")).ToList();

        // Continuation lines repeat the enhanced status code (421-4.7.0 …); keep it once.
        var joined = string.Join(" ", lines.Select((line, i) => i == 0 ? line : EnhancedCode().Replace(line, "")));
        return $"{code} {Spaces().Replace(joined, " ").Trim()}".Trim();
    }

    private static TimeSpan? RetryAfter(string reply)
    {
        var match = TryAgainIn().Match(reply);
        if (!match.Success)
        {
            return null;
        }

        var amount = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return match.Groups[2].Value.ToLowerInvariant()[0] switch
        {
            's' => TimeSpan.FromSeconds(amount),
            'h' => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromMinutes(amount),
        };
    }

    [GeneratedRegex(@"^\d{3}[- ,]")]
    private static partial Regex LeadingCode();

    [GeneratedRegex(@"^\d{3} [45]\.1\.(1|2|3|6|10)\b|^\d{3} [45]\.2\.1\b|user unknown|unknown user|no such (user|mailbox|recipient)|does not exist|mailbox (unavailable|not found|disabled|is disabled)|invalid (recipient|mailbox|address)|recipient address rejected|no longer valid|doesn't have an? .* account|account (is )?disabled", RegexOptions.IgnoreCase)]
    private static partial Regex BadAddress();

    /// <summary>Texts that blame the sender, the content or the rate even when they mention a mailbox.</summary>
    [GeneratedRegex(@"rate|spam|policy|blocked|reputation|dmarc|spf|dkim|blocklist|blacklist|relay", RegexOptions.IgnoreCase)]
    private static partial Regex NotAboutTheAddress();

    [GeneratedRegex(@"^[245]\.\d{1,3}\.\d{1,3}\s+")]
    private static partial Regex EnhancedCode();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"(?:try|retry)(?: again)?(?: later)? in (\d+) ?(seconds?|secs?|minutes?|mins?|hours?|h|m|s)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TryAgainIn();
}
