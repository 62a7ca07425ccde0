using SmartSender.Core.Messages;

namespace SmartSender.Core.Webhooks;

public enum WebhookStatus
{
    Active,

    /// <summary>A delivery used up its retries; deliveries go on, and the first success makes the endpoint active again.</summary>
    Failing,
}

/// <summary>An account's URL that receives its events, signed with the endpoint's secret (Standard Webhooks).</summary>
public class WebhookEndpoint
{
    private WebhookEndpoint()
    {
    }

    public WebhookEndpoint(Guid accountId, string url, IReadOnlyCollection<MessageEventType> types, string protectedSecret, DateTime now)
    {
        Id = Guid.NewGuid();
        AccountId = accountId;
        Url = url;
        EventTypes = string.Join(',', types.Distinct().OrderBy(t => t));
        ProtectedSecret = protectedSecret;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid AccountId { get; private set; }

    public string Url { get; private set; } = "";

    /// <summary>The event types it receives, comma-separated names of <see cref="MessageEventType"/>.</summary>
    public string EventTypes { get; private set; } = "";

    /// <summary>The <c>whsec_</c> secret, encrypted at rest.</summary>
    public string ProtectedSecret { get; private set; } = "";

    public WebhookStatus Status { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? FailingSince { get; private set; }

    /// <summary>Why the last delivery failed, while the endpoint is failing.</summary>
    public string? LastError { get; private set; }

    public IReadOnlyList<MessageEventType> Types =>
        [.. EventTypes.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<MessageEventType>)];

    public bool Receives(MessageEventType type) => Types.Contains(type);

    internal void MarkFailing(string error, DateTime now)
    {
        FailingSince ??= now;
        Status = WebhookStatus.Failing;
        LastError = error;
    }

    internal void MarkWorking() => (Status, FailingSince, LastError) = (WebhookStatus.Active, null, null);
}
