using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Delivery.Pump;

/// <summary>
/// The delivery pump of an instance with the delivery role, for as long as the instance runs: one run after another
/// (each <see cref="DeliveryOptions.PumpRunLength"/>), woken by new mail here or in another instance. Several instances
/// share the queue through their claims.
/// </summary>
public sealed class DeliveryService(DeliveryPump pump, ClusterSignals cluster, IOptions<DeliveryOptions> options, ILogger<DeliveryService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        cluster.OnQueue(pump.Wake);
        await Task.Yield();
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await pump.RunAsync(options.Value.PumpRunLength, stopping);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // A database that went away for a moment: the claims lapse or are freed, and the next run starts over.
                logger.LogError(e, "The delivery pump stopped on an error; it starts again in 5 s");
                await Task.Delay(TimeSpan.FromSeconds(5), stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
