namespace SmartSender.Core.Instances;

/// <summary>What this instance's delivery pump is doing, for its heartbeat: the pump answers (<see cref="Delivery.Pump.DeliveryPump"/>).</summary>
public interface IPumpActivity
{
    /// <summary>The instance's name (<c>Delivery:InstanceName</c>), under which it claims mail and beats.</summary>
    string InstanceName { get; }

    /// <summary>Messages delivered since the process started.</summary>
    long DeliveredCount { get; }

    /// <summary>Messages claimed and not yet settled.</summary>
    int Held { get; }

    bool IsRunning { get; }
}
