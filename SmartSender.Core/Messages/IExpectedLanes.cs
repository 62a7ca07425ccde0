namespace SmartSender.Core.Messages;

/// <summary>
/// The lane a new message will most likely go out on, where instances share the queue: the queue writer stores it with
/// the message so that only the instance holding that lane claims it. Delivery knows the lanes
/// (<see cref="Delivery.Lanes.LaneHints"/>); the queue only asks.
/// </summary>
public interface IExpectedLanes
{
    /// <summary>Whether instances may share the queue, so that an expected lane means anything.</summary>
    bool Shared { get; }

    /// <summary>The lane a message of <paramref name="accountId"/> to <paramref name="domain"/> is expected to take; null when unknown.</summary>
    string? For(Guid accountId, string domain);
}
