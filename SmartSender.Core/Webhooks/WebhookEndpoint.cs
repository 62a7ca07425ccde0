using SmartSender.Core.Common;
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

    /// <summary>Turned off by the account: nothing new is queued for it until it is turned on again.</summary>
    public bool Disabled { get; private set; }

    /// <summary>The secret before the last rotation, still signing beside the new one until <see cref="PreviousSecretUntil"/>.</summary>
    public string? PreviousProtectedSecret { get; private set; }

    public DateTime? PreviousSecretUntil { get; private set; }

    public IReadOnlyList<MessageEventType> Types =>
        [.. EventTypes.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<MessageEventType>)];

    public bool Receives(MessageEventType type) => Types.Contains(type);

    /// <summary>The secrets that sign a post at <paramref name="now"/>: the current one, and the previous one during its overlap.</summary>
    public IReadOnlyList<string> ProtectedSecretsAt(DateTime now) =>
        PreviousProtectedSecret is { } previous && PreviousSecretUntil > now ? [ProtectedSecret, previous] : [ProtectedSecret];

    internal void Change(string? url, IReadOnlyCollection<MessageEventType>? types, bool? enabled)
    {
        Url = url ?? Url;
        EventTypes = types is null ? EventTypes : string.Join(',', types.Distinct().OrderBy(t => t));
        Disabled = enabled is { } on ? !on : Disabled;
    }

    internal void Rotate(string protectedSecret, DateTime previousUntil) =>
        (PreviousProtectedSecret, PreviousSecretUntil, ProtectedSecret) = (ProtectedSecret, previousUntil, protectedSecret);

    internal void MarkFailing(string error, DateTime now)
    {
        FailingSince ??= now;
        Status = WebhookStatus.Failing;
        LastError = error;
    }

    internal void MarkWorking() => (Status, FailingSince, LastError) = (WebhookStatus.Active, null, null);
}
