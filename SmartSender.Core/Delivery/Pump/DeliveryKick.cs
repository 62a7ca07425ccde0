using Hangfire;
using SmartSender.Core.Common;

namespace SmartSender.Core.Delivery.Pump;

/// <summary>Gets new mail moving: wakes this process's pump, or starts a run (at most one start every 2 s).</summary>
public class DeliveryKick(DeliveryPump pump, IBackgroundJobClient jobs, TimeProvider clock)
{
    private readonly AtMostEvery _starts = new(TimeSpan.FromSeconds(2), clock);

    public void Kick()
    {
        pump.Wake();
        if (!pump.IsRunning && _starts.TryPass())
        {
            jobs.Enqueue<DeliveryPumpJob>(job => job.RunAsync(CancellationToken.None));
        }
    }
}
