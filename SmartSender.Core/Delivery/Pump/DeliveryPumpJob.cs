using Hangfire;
using Microsoft.Extensions.Options;

namespace SmartSender.Core.Delivery.Pump;

/// <summary>
/// The Hangfire job that runs the delivery pump: every minute (recurring), at start-up, and when mail is submitted
/// while no run is going. A run lasts <see cref="DeliveryOptions.PumpRunLength"/>; a job that finds a run going in
/// its process only wakes it.
/// </summary>
public class DeliveryPumpJob(DeliveryPump pump, DeliveryKick kick, IOptions<DeliveryOptions> options)
{
    public const string Id = "delivery-pump";

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        if (await pump.RunAsync(options.Value.PumpRunLength, ct) && pump.WokenSinceLastLook && !ct.IsCancellationRequested)
        {
            // Mail came in as the run ended: the next run takes it now rather than at the next minute.
            kick.Kick();
        }
    }
}
