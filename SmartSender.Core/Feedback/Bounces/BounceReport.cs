namespace SmartSender.Core.Feedback.Bounces;

/// <summary>What kind of automatic mail a report is.</summary>
public enum ReportKind
{
    /// <summary>A non-delivery report, standard (RFC 3464) or in a server's own words.</summary>
    Bounce,

    /// <summary>A delivery, relay or delay notice that is not a failure.</summary>
    Notice,

    /// <summary>A vacation notice or other automatic reply (RFC 3834).</summary>
    AutoReply,

    /// <summary>A spam complaint or other feedback report (ARF, RFC 5965).</summary>
    Feedback,

    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>A classified report: one entry per recipient, and what identifies the original message.</summary>
/// <param name="OriginalMessageId">The Message-ID of the returned original, when the report includes its headers.</param>
/// <param name="OriginalHeaders">The returned original's headers, when the report includes them.</param>
public sealed record BounceReport(ReportKind Kind, IReadOnlyList<BouncedRecipient> Recipients, string? OriginalMessageId, MimeKit.HeaderList? OriginalHeaders);
