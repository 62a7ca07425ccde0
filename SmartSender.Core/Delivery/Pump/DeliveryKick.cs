using SmartSender.Core.Persistence;

namespace SmartSender.Core.Delivery.Pump;

/// <summary>Gets new mail moving: wakes this instance's pump, and tells the pumps of the other instances (if any).</summary>
public class DeliveryKick(DeliveryPump pump, ClusterSignals cluster)
{
    public void Kick()
    {
        pump.Wake();
        cluster.QueueChanged();
    }
}
