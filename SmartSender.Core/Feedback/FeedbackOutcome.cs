using SmartSender.Core.Common;
using SmartSender.Core.Feedback.Bounces;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Feedback;

/// <summary>What one incoming report changed: the message it was about, the event recorded, whether an address was suppressed.</summary>
public sealed record FeedbackOutcome(ReportKind Kind, Guid? MessageId, MessageEventType? Recorded, bool Suppressed, string Summary)
{
    public static FeedbackOutcome Ignored(ReportKind kind, Guid? messageId, string why) => new(kind, messageId, null, false, why);
}
