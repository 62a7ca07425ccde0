using SmartSender.Core.Messages;

namespace SmartSender.Core.Analytics;

/// <summary>How many of an account's messages are in each delivery state; expired and bounced messages count as failed.</summary>
public record StatusCounts(int Queued, int Sent, int Failed)
{
    public int Total => Queued + Sent + Failed;

    public static StatusCounts From(IReadOnlyDictionary<MessageStatus, int> counts) => new(
        counts.GetValueOrDefault(MessageStatus.Queued),
        counts.GetValueOrDefault(MessageStatus.Sent),
        counts.GetValueOrDefault(MessageStatus.Failed) + counts.GetValueOrDefault(MessageStatus.Expired) + counts.GetValueOrDefault(MessageStatus.Bounced));
}
