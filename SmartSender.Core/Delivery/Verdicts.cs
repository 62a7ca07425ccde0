using SmartSender.Core.Delivery.Replies;

namespace SmartSender.Core.Delivery;

public static class Verdicts
{
    /// <summary>An outcome no reply rule applies to: delivered, no conversation at all, or decided before sending.</summary>
    public static ReplyVerdict Of(DeliveryOutcome outcome) =>
        new(outcome, null, null, null, null) { AddressIsBad = outcome is DeliveryOutcome.HardFail && ReplyClassifier.IsBadAddress(outcome.Reply) };
}
