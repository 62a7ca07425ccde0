namespace SmartSender.Core.Delivery.Replies;

/// <summary>What a matched reply means beyond its code.</summary>
public enum ReplyEffect
{
    /// <summary>The provider wants less volume from this IP: slow the lane down.</summary>
    Throttle,

    /// <summary>The provider refuses this IP for a while: pause the lane for <see cref="ReplyRule.SuspendFor"/>.</summary>
    Suspend,

    /// <summary>Temporary whatever the code says (a 5xx that means "rate limited").</summary>
    Soft,

    /// <summary>Permanent whatever the code says (a 4xx "user unknown").</summary>
    Hard,
}

/// <summary>A pattern over the reply line (<c>code text</c>, enhanced status included), checked in order; the first match counts.</summary>
public class ReplyRule
{
    public string Name { get; set; } = "";

    /// <summary>A .NET regular expression, matched case-insensitively against e.g. <c>421 4.7.0 [TSS04] Messages from …</c>.</summary>
    public string Pattern { get; set; } = "";

    public ReplyEffect Effect { get; set; }

    /// <summary>For <see cref="ReplyEffect.Suspend"/>: how long, unless the reply names a period itself.</summary>
    public TimeSpan? SuspendFor { get; set; }
}
