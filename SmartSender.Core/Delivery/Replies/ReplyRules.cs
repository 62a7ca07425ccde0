namespace SmartSender.Core.Delivery.Replies;

/// <summary>
/// The <c>Delivery:ReplyRules</c> section; when it is empty, <see cref="Defaults"/> apply. The defaults come from the
/// replies Gmail, Yahoo/AOL and Outlook actually send (see their postmaster pages), ordered from specific to general.
/// </summary>
public static class ReplyRules
{
    public const string Section = "Delivery:ReplyRules";

    public static IReadOnlyList<ReplyRule> Defaults { get; } =
    [
        // Stop for a while: Yahoo's TS01–TS03 ("permanently deferred; retrying will NOT succeed" for now), Spamhaus listings.
        new() { Name = "yahoo-ts-block", Pattern = @"\[TS0[123]\]", Effect = ReplyEffect.Suspend, SuspendFor = TimeSpan.FromHours(4) },
        new() { Name = "blocklisted-ip", Pattern = @"\[BL2\d\]|spamhaus|blocklist|blacklist", Effect = ReplyEffect.Suspend, SuspendFor = TimeSpan.FromHours(1) },

        // Slow down: provider throttling codes.
        new() { Name = "yahoo-tss04", Pattern = @"\[TSS04\]|\[IPTS04\]|temporarily deferred", Effect = ReplyEffect.Throttle },
        new() { Name = "outlook-throttle", Pattern = @"4\.7\.650|S3150|S3140|S775|server busy", Effect = ReplyEffect.Throttle },
        new() { Name = "gmail-rate-limit", Pattern = @"4\.7\.28|unusual (rate|amount) of\s+unsolicited|rate limited", Effect = ReplyEffect.Throttle },
        new() { Name = "untrusted-ip", Pattern = @"too many (messages|connections) from|new or untrusted IP", Effect = ReplyEffect.Throttle },

        // Not about this IP: the recipient or one connection.
        new() { Name = "recipient-rate", Pattern = @"receiving mail (at a rate|too quickly)", Effect = ReplyEffect.Soft },
        new() { Name = "per-connection-limit", Pattern = @"max(imum)? (number of )?messages? per (connection|session)", Effect = ReplyEffect.Soft },
        new() { Name = "over-quota-temporary", Pattern = @"^4\d\d [45]\.2\.2 |OverQuotaTemp", Effect = ReplyEffect.Soft },
        new() { Name = "mailbox-unknown", Pattern = @"^4\d\d [45]\.1\.1 |user unknown|no such user|does not exist", Effect = ReplyEffect.Hard },

        // A 5xx that says "later" is not a refusal of the address.
        new() { Name = "permanent-code-temporary-text", Pattern = @"^5\d\d .*(try again later|temporarily|rate limit)", Effect = ReplyEffect.Soft },

        // Anything else with 421 or 4.7.x is the receiver pushing back on volume or reputation.
        new() { Name = "generic-421", Pattern = @"^421 ", Effect = ReplyEffect.Throttle },
        new() { Name = "generic-4.7.x", Pattern = @"^4\d\d 4\.7\.\d+", Effect = ReplyEffect.Throttle },
    ];
}
