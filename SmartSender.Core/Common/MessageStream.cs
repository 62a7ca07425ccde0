namespace SmartSender.Core.Common;

/// <summary>Transactional mail answers something the recipient did; marketing mail is sent to them unasked and must let them unsubscribe.</summary>
public enum MessageStream
{
    Transactional,
    Marketing,
}
