namespace SmartSender.Core.Messages;

public enum MessageEventType
{
    Queued,
    Sent,
    Deferred,
    Failed,
    Expired,
}
