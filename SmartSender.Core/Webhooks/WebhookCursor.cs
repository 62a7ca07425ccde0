namespace SmartSender.Core.Webhooks;

/// <summary>How far the event log has been turned into webhook deliveries: one row, moved forward in the same transaction as the deliveries it made.</summary>
public class WebhookCursor
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public long LastEventId { get; set; }
}
