using SmartSender.Core.Common;

namespace SmartSender.Core.ContentReview;

/// <summary>What the content review reads of a message about to be queued: the rendered parts, the sender, the attachments' names.</summary>
public sealed record ContentInput(string Subject, string? Html, string? Text, MessageStream Stream)
{
    public string? FromDisplayName { get; init; }

    public string FromDomain { get; init; } = "";

    public IReadOnlyList<string> AttachmentNames { get; init; } = [];

    /// <summary>The message's unsubscribe URL, when it has one; marketing mail must show it.</summary>
    public string? UnsubscribeUrl { get; init; }
}

/// <summary>One rule that fired: its name (stable, shown to users and programs), its score and what it saw.</summary>
public sealed record RuleHit(string Rule, double Score, string Detail);

/// <summary>The review's result: the total score, the rules that fired, and whether the score reaches the reject threshold.</summary>
public sealed record ContentVerdict(double Score, IReadOnlyList<RuleHit> Hits, bool Rejected);

public sealed class ContentReviewOptions
{
    public const string Section = "ContentReview";

    /// <summary>A message scoring this much or more is refused with reason <c>content</c>.</summary>
    public double RejectScore { get; set; } = 5.0;

    /// <summary>A SpamAssassin <c>spamd</c> as <c>host:port</c>; when set, its score is added to the rules'.</summary>
    public string? Spamd { get; set; }

    /// <summary>How long to wait for spamd; past it the built-in rules stand alone.</summary>
    [System.ComponentModel.DataAnnotations.Range(100, 60_000)]
    public int SpamdTimeoutMilliseconds { get; set; } = 3_000;
}
