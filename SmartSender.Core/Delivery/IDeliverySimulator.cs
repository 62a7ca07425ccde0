using SmartSender.Core.Delivery.Replies;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Delivery;

/// <summary>
/// Settles test mail (<see cref="Message.Test"/>) in place of an SMTP session: the pump asks it for the reply and tells
/// it once the outcome is saved. The simulator provides it (<see cref="Simulator.SimulatedDelivery"/>).
/// </summary>
public interface IDeliverySimulator
{
    /// <summary>The receiving server's reply this message's address calls for, read by the reply rules.</summary>
    ReplyVerdict VerdictFor(Message message);

    /// <summary>After the outcome was saved: whatever comes back later.</summary>
    void Settled(Message message);
}
