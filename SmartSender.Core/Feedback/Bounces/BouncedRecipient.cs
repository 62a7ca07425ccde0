namespace SmartSender.Core.Feedback.Bounces;

/// <summary>One recipient of a report: the verdict, the reason and the evidence it rests on.</summary>
/// <param name="Address">The failed address, when the report names it.</param>
/// <param name="Status">The enhanced status code (RFC 3463), from the DSN or the diagnostic text.</param>
/// <param name="ReplyCode">The receiving server's SMTP reply code, when the report quotes it.</param>
/// <param name="Diagnostic">The server's words, or the report's, about this recipient.</param>
public sealed record BouncedRecipient(string? Address, BounceClass Class, BounceReason Reason, string? Status, int? ReplyCode, string Diagnostic);
