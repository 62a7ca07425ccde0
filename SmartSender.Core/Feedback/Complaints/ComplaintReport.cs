using MimeKit;
using SmartSender.Core.Feedback.Bounces;

namespace SmartSender.Core.Feedback.Complaints;

/// <summary>
/// A feedback-loop report (ARF, RFC 5965): the kind of feedback (abuse, fraud, opt-out, …), who sent it, and the
/// reported message's headers. Reports without the machine-readable part (some providers just attach the message)
/// are read as abuse reports.
/// </summary>
public sealed record ComplaintReport(string FeedbackType, string? UserAgent, string? OriginalRecipient, string? SourceIp, HeaderList? Original)
{
    public static ComplaintReport From(MimeMessage report)
    {
        var parts = ReportParts.Of(report);
        var fields = parts.FeedbackFields is { } text
            ? ReportFields.Blocks(text).SelectMany(b => b).GroupBy(p => p.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        return new ComplaintReport(
            fields.GetValueOrDefault("Feedback-Type")?.ToLowerInvariant() ?? "abuse",
            fields.GetValueOrDefault("User-Agent"),
            fields.GetValueOrDefault("Original-Rcpt-To"),
            fields.GetValueOrDefault("Source-IP"),
            parts.Original);
    }

    /// <summary>How the report reads on a timeline.</summary>
    public string Evidence =>
        string.Join("; ", new[] { $"Feedback-Type: {FeedbackType}", UserAgent is null ? null : $"User-Agent: {UserAgent}", SourceIp is null ? null : $"Source-IP: {SourceIp}" }.OfType<string>());
}
