namespace SmartSender.Core.Delivery.Lanes;

/// <summary>Mail from one sending IP to one mailbox provider: the unit that limits and throttling apply to.</summary>
public sealed record LaneKey(string SendingIp, string Provider)
{
    /// <summary>As messages and the claim's SQL store it: <c>sending IP|provider</c>.</summary>
    public override string ToString() => $"{SendingIp}|{Provider}";

    /// <summary>A key as <see cref="ToString"/> wrote it; null for none.</summary>
    public static LaneKey? Parse(string? text) =>
        text?.IndexOf('|') is > 0 and var bar ? new LaneKey(text[..bar], text[(bar + 1)..]) : null;
}

/// <summary>May a message go now, or when may it.</summary>
public sealed record LaneDecision(bool Allowed, DateTime? WaitUntil, string? Reason)
{
    public static LaneDecision Go { get; } = new(true, null, null);

    /// <summary>Another instance holds the lane's lease: its messages are its to send (they go back to the queue due now, for it to claim).</summary>
    public bool HeldElsewhere { get; private init; }

    public static LaneDecision Wait(DateTime until, string reason) => new(false, until, reason);

    public static LaneDecision Elsewhere(DateTime until, string owner) => new(false, until, $"the lane is in use by instance {owner}") { HeldElsewhere = true };
}
