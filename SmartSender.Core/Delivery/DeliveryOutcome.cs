namespace SmartSender.Core.Delivery;

/// <summary>What one delivery attempt came to, with the server's reply as evidence.</summary>
public abstract record DeliveryOutcome(string Reply)
{
    /// <summary>The server took responsibility for the message (2xx).</summary>
    public sealed record Delivered(string Reply) : DeliveryOutcome(Reply);

    /// <summary>A temporary failure (4xx, or no conversation at all): try again later.</summary>
    public sealed record SoftFail(string Reply) : DeliveryOutcome(Reply);

    /// <summary>A permanent refusal (5xx): never try again.</summary>
    public sealed record HardFail(string Reply) : DeliveryOutcome(Reply);
}
