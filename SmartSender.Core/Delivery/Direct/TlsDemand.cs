using SmartSender.Core.Delivery.Direct.MtaSts;

namespace SmartSender.Core.Delivery.Direct;

/// <summary>
/// What a session with one of <paramref name="Domain"/>'s MX hosts must offer: nothing beyond opportunistic TLS;
/// TLS of any certificate (<paramref name="RequireTls"/>, from the configuration); or, under an MTA-STS policy in
/// enforce mode, TLS with a certificate that chains to a trusted root and names the host.
/// </summary>
public sealed record TlsDemand(string Domain, MtaStsPolicy? Policy, bool RequireTls)
{
    /// <summary>Why the open session may not carry mail; null when it may.</summary>
    public string? Refusal(string host, bool secure, string? certificateProblem) => Policy switch
    {
        { Mode: MtaStsMode.Enforce } when !secure => $"The MTA-STS policy of {Domain} is enforce and {host} offers no STARTTLS.",
        { Mode: MtaStsMode.Enforce } when certificateProblem is not null => $"The MTA-STS policy of {Domain} is enforce and {host} fails it: {certificateProblem}.",
        _ when RequireTls && !secure => $"TLS is required (Delivery:Direct:RequireTls) and {host} offers no STARTTLS.",
        _ => null,
    };

    /// <summary>What the delivered reply adds about the policy: that it was met, or, in testing mode, what enforce would have refused.</summary>
    public string Note(string host, bool secure, string? certificateProblem) => Policy switch
    {
        null => "",
        { Mode: MtaStsMode.Enforce } => $"; {Policy.Describe()} met",
        _ when !Policy.Lists(host) => $"; {Policy.Describe()}: {host} is not listed, enforce would refuse it",
        _ when !secure => $"; {Policy.Describe()}: {host} offers no STARTTLS, enforce would refuse it",
        _ when certificateProblem is not null => $"; {Policy.Describe()}: {certificateProblem}, enforce would refuse it",
        _ => $"; {Policy.Describe()} met",
    };
}
