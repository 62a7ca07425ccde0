using SmartSender.Core.Persistence;

namespace SmartSender.Core.Messages;

/// <summary>
/// Gets newly queued mail moving: wakes this instance's pump, which listens here (<see cref="Delivery.Pump.DeliveryPump.ListeningTo"/>),
/// and tells the pumps of the other instances (if any).
/// </summary>
public class DeliveryKick(ClusterSignals cluster)
{
    private readonly Lock _gate = new();
    private Action? _wake;
    private bool _missed;

    /// <summary>Has <paramref name="wake"/> called on every kick, and at once when mail was kicked before anyone listened.</summary>
    public void Listen(Action wake)
    {
        bool missed;
        lock (_gate)
        {
            (_wake, missed, _missed) = (_wake + wake, _missed, false);
        }

        if (missed)
        {
            wake();
        }
    }

    public void Kick()
    {
        Action? wake;
        lock (_gate)
        {
            wake = _wake;
            _missed = wake is null;
        }

        wake?.Invoke();
        cluster.QueueChanged();
    }
}
