namespace SmartSender.Core.Delivery;

/// <summary>RFC 5321 §4.2.1: 4yz replies are transient, 5yz permanent.</summary>
public static class SmtpReplyClassifier
{
    public static DeliveryOutcome Classify(int code, string text)
    {
        var reply = $"{code} {text}".Trim();
        return code switch
        {
            >= 200 and < 300 => new DeliveryOutcome.Sent(reply),
            >= 500 and < 600 => new DeliveryOutcome.HardFail(reply),
            _ => new DeliveryOutcome.SoftFail(reply),
        };
    }
}
