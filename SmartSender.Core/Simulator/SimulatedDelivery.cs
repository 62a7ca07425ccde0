using Hangfire;
using SmartSender.Core.Delivery;
using SmartSender.Core.Delivery.Replies;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Simulator;

/// <summary>
/// The delivery pump's stand-in for an SMTP session, for test mail (<see cref="Message.Test"/>): the receiving
/// server's reply its address calls for, read by the same reply rules as a real one, and for outcomes that come back
/// later (a bounce, a complaint, an unsubscribe, an auto-reply) a <see cref="SimulatorFollowUp"/> once the delivery is saved.
/// </summary>
public sealed class SimulatedDelivery(ReplyClassifier classifier, IBackgroundJobClient? jobs = null) : IDeliverySimulator
{
    public const string Note = "simulated by SmartSender, nothing was sent";

    public ReplyVerdict VerdictFor(Message message) => SimulatorAddresses.OutcomeOf(message.To) switch
    {
        SimulatedOutcome.SoftBounce => classifier.Classify(452, $"4.2.2 Mailbox full ({Note})"),
        SimulatedOutcome.Reject => classifier.Classify(550, $"5.7.1 Message refused by policy ({Note})"),
        _ => Verdicts.Of(new DeliveryOutcome.Delivered($"250 2.0.0 OK ({Note})")),
    };

    /// <summary>After the outcome was saved: what comes back later, queued to happen now.</summary>
    public void Settled(Message message)
    {
        var outcome = SimulatorAddresses.OutcomeOf(message.To);
        if (outcome is SimulatedOutcome.Bounce or SimulatedOutcome.Complaint or SimulatedOutcome.Unsubscribe or SimulatedOutcome.OutOfOffice)
        {
            jobs?.Enqueue<SimulatorFollowUp>(f => f.RunAsync(message.Id, outcome, CancellationToken.None));
        }
    }
}
