namespace SmartSender.Core.Webhooks;

public enum WebhookDeliveryState
{
    Pending,
    Delivered,

    /// <summary>Every try failed; it can still be sent again by hand.</summary>
    Failed,
}

/// <summary>One event on its way to one endpoint: the signed payload, and how its tries went.</summary>
public class WebhookDelivery
{
    private WebhookDelivery()
    {
    }

    public WebhookDelivery(WebhookEndpoint endpoint, long eventId, string eventType, string payload, DateTime now)
    {
        Id = Guid.CreateVersion7(now);
        EndpointId = endpoint.Id;
        AccountId = endpoint.AccountId;
        EventId = eventId;
        EventType = eventType;
        Payload = payload;
        CreatedAt = now;
        NextAttemptAt = now;
    }

    public Guid Id { get; private set; }

    /// <summary>The <c>webhook-id</c> header: the same on every try, so a receiver can drop duplicates.</summary>
    public string MessageId => $"msg_{Id:N}";

    public Guid EndpointId { get; private set; }

    public Guid AccountId { get; private set; }

    public long EventId { get; private set; }

    public string EventType { get; private set; } = "";

    public string Payload { get; private set; } = "";

    public WebhookDeliveryState State { get; private set; }

    public int Attempts { get; private set; }

    public int? LastStatusCode { get; private set; }

    /// <summary>What went wrong on the latest failed try; kept when a later try succeeds, so the history stays readable.</summary>
    public string? LastError { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime NextAttemptAt { get; private set; }

    public DateTime? CompletedAt { get; private set; }

    /// <summary>The sender holding it, until <see cref="ClaimedUntil"/>, so two instances never post it at once.</summary>
    public Guid? ClaimId { get; private set; }

    public DateTime? ClaimedUntil { get; private set; }

    /// <summary>A copy to send again, as the user asked: a new delivery with the same event and payload.</summary>
    public WebhookDelivery Again(DateTime now) => new()
    {
        Id = Guid.CreateVersion7(now),
        EndpointId = EndpointId,
        AccountId = AccountId,
        EventId = EventId,
        EventType = EventType,
        Payload = Payload,
        CreatedAt = now,
        NextAttemptAt = now,
    };

    internal void Succeeded(int status, DateTime now)
    {
        Attempts++;
        (State, LastStatusCode, CompletedAt, ClaimId, ClaimedUntil) = (WebhookDeliveryState.Delivered, status, now, null, null);
    }

    /// <summary>A failed try: another at <paramref name="retryAt"/>, or none when it is null.</summary>
    internal void Failed(int? status, string error, DateTime? retryAt, DateTime now)
    {
        Attempts++;
        (LastStatusCode, LastError, ClaimId, ClaimedUntil) = (status, error, null, null);
        if (retryAt is { } at)
        {
            NextAttemptAt = at;
        }
        else
        {
            (State, CompletedAt) = (WebhookDeliveryState.Failed, now);
        }
    }
}
