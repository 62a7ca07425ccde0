using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartSender.Core.Delivery.Direct;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Delivery.Pools;
using SmartSender.Core.Delivery.Pump;
using SmartSender.Core.Delivery.Queue;
using SmartSender.Core.Delivery.Replies;
using SmartSender.Core.Delivery.Signing;
using SmartSender.Core.Domains.Dkim;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Delivery;

/// <summary>Delivery: the pump, the queue, lanes, pools, the relay and direct senders, MTA-STS.</summary>
public static class DeliveryRegistration
{
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SmtpRelaySender>();
        services.AddOptions<DirectOptions>().BindConfiguration(DirectOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ProviderDirectory>();
        services.AddOptions<LaneOptions>().BindConfiguration(LaneOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LaneRegistry>();
        services.AddSingleton(sp => new MessageSizeLimit(sp.GetRequiredService<IOptions<DeliveryOptions>>().Value.MaxMessageBytes));
        services.AddSingleton<LaneHints>();
        services.AddSingleton<IExpectedLanes>(sp => sp.GetRequiredService<LaneHints>());
        services.AddSingleton<DeliveryGauges>();
        services.AddOptions<PoolOptions>().BindConfiguration(PoolOptions.Section);
        services.AddSingleton<IpPools>();
        services.AddSingleton(sp => new ReplyClassifier(sp.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()));
        services.AddSingleton<MxRouter>();
        services.AddSingleton<DirectMxSender>();
        services.AddSingleton<TrustedRoots>();
        services.AddSingleton<Direct.MtaSts.MtaStsPolicies>();
        services.AddOptions<Direct.MtaSts.MtaStsOptions>().BindConfiguration(Direct.MtaSts.MtaStsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IMessageSender>(sp => sp.GetRequiredService<IOptions<DeliveryOptions>>().Value.Mode == DeliveryMode.Direct
            ? sp.GetRequiredService<DirectMxSender>()
            : sp.GetRequiredService<SmtpRelaySender>());
        services.AddSingleton<DeliveryQueue>();
        services.AddSingleton(DeliveryServices.From);
        services.AddSingleton(DeliveryPump.ListeningTo);
        services.AddSingleton<Instances.IPumpActivity>(sp => sp.GetRequiredService<DeliveryPump>());
        services.AddSingleton<DispatchLookups>();
        services.AddSingleton<DeliveryKick>();
        services.AddSingleton<OutgoingMessageBuilder>();
        services.AddSingleton<RetryPolicy>();
        services.AddSingleton<MessageSigner>();
        return services;
    }
}
