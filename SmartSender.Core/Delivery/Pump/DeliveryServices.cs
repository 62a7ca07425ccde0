using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Delivery.Pools;
using SmartSender.Core.Delivery.Queue;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Delivery.Pump;

/// <summary>
/// What delivery works with, in the order a message meets it: the queue it is claimed from, the lookups and pools
/// that route it to a lane (and the lanes remembered for new messages), the lane registry that paces it, the builder
/// that makes and signs it, the sender that connects and sends, and the retry policy that settles a deferral. The
/// pump hands this one record to each run and lane.
/// </summary>
/// <param name="Simulator">Settles test-mode mail without sending it; none where the app has no simulator (a bare delivery stack).</param>
/// <param name="Kick">Tells the pumps of every instance that mail is due: after messages were put back for the instance holding their lane.</param>
public sealed record DeliveryServices(
    DeliveryQueue Queue,
    DispatchLookups Lookups,
    IpPools Pools,
    LaneHints Hints,
    LaneRegistry Lanes,
    OutgoingMessageBuilder Builder,
    IMessageSender Sender,
    RetryPolicy Retries,
    DeliveryOptions Options,
    LaneOptions LaneOptions,
    TimeProvider Clock,
    ILogger Logger,
    IDeliverySimulator? Simulator,
    DeliveryKick? Kick = null)
{
    /// <summary>The app's own, as its container holds them.</summary>
    public static DeliveryServices From(IServiceProvider services) => new(
        services.GetRequiredService<DeliveryQueue>(),
        services.GetRequiredService<DispatchLookups>(),
        services.GetRequiredService<IpPools>(),
        services.GetRequiredService<LaneHints>(),
        services.GetRequiredService<LaneRegistry>(),
        services.GetRequiredService<OutgoingMessageBuilder>(),
        services.GetRequiredService<IMessageSender>(),
        services.GetRequiredService<RetryPolicy>(),
        services.GetRequiredService<IOptions<DeliveryOptions>>().Value,
        services.GetRequiredService<IOptions<LaneOptions>>().Value,
        services.GetRequiredService<TimeProvider>(),
        services.GetRequiredService<ILogger<DeliveryPump>>(),
        services.GetService<IDeliverySimulator>(),
        services.GetService<DeliveryKick>());
}
