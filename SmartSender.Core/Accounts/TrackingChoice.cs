namespace SmartSender.Core.Accounts;

/// <summary>What a message tracks, decided when it is submitted: a pixel for opens, links through the tracking host for clicks, an unsubscribe link.</summary>
public sealed record TrackingChoice(bool Opens, bool Clicks, bool Unsubscribe)
{
    public static readonly TrackingChoice None = new(false, false, false);
}
