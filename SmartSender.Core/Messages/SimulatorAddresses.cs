namespace SmartSender.Core.Messages;

/// <summary>What a simulator address, or any address a test-mode key sends to, makes happen.</summary>
public enum SimulatedOutcome
{
    /// <summary>The receiving server accepts it (250).</summary>
    Delivered,

    /// <summary>Accepted, then a DSN returns it for good (5.1.1): a hard bounce, the address suppressed.</summary>
    Bounce,

    /// <summary>The receiving server defers it (452 4.2.2, mailbox full), on every try, until it expires.</summary>
    SoftBounce,

    /// <summary>Accepted, then the recipient reports it as spam (an ARF report): a complaint, the address suppressed.</summary>
    Complaint,

    /// <summary>Accepted, then the recipient unsubscribes with the message's one-click link.</summary>
    Unsubscribe,

    /// <summary>Accepted, then an out-of-office auto-reply comes back, which changes nothing.</summary>
    OutOfOffice,

    /// <summary>Refused at send time as a suppressed address (422 <c>suppressed</c>).</summary>
    Suppressed,

    /// <summary>The receiving server refuses the content for good (550 5.7.1): failed, the address kept.</summary>
    Reject,
}

/// <summary>
/// The mailbox simulator: addresses at <see cref="Domain"/>, a reserved name (RFC 2606's <c>.test</c>) that no mail
/// can reach, whose local part names the outcome. Mail to them, and all mail of a test-mode key, never leaves: the
/// delivery pump settles it here (<see cref="SimulatedDelivery"/>) and the outcome comes back through the real event
/// path. Its events carry the provider <see cref="Provider"/>, which quota and reputation leave out.
/// </summary>
public static class SimulatorAddresses
{
    public const string Domain = "simulator.smartsender.test";

    /// <summary>The provider (lane) name of simulated mail in events and analytics.</summary>
    public const string Provider = "simulator";

    private static readonly Dictionary<string, SimulatedOutcome> ByLocalPart = new(StringComparer.OrdinalIgnoreCase)
    {
        ["delivered"] = SimulatedOutcome.Delivered,
        ["bounce"] = SimulatedOutcome.Bounce,
        ["softbounce"] = SimulatedOutcome.SoftBounce,
        ["complaint"] = SimulatedOutcome.Complaint,
        ["unsubscribe"] = SimulatedOutcome.Unsubscribe,
        ["ooto"] = SimulatedOutcome.OutOfOffice,
        ["suppressed"] = SimulatedOutcome.Suppressed,
        ["reject"] = SimulatedOutcome.Reject,
    };

    /// <summary>The refusal of <c>suppressed@</c>: the one a suppressed address gets, saying where it comes from.</summary>
    public static Suppressions.SuppressedError SuppressedError(string address) =>
        new Suppressions.SuppressedError(address, Suppressions.SuppressionReason.HardBounce, DateTime.UnixEpoch)
        {
            Message = $"{address} is the mailbox simulator's suppressed address: a send to it is refused as one to an address on the suppression list is.",
        };

    public static bool IsSimulator(string address) =>
        address.LastIndexOf('@') is var at and >= 0 && address[(at + 1)..].TrimEnd('>', ' ').Equals(Domain, StringComparison.OrdinalIgnoreCase);

    /// <summary>The outcome of mail to <paramref name="address"/>: its local part's at the simulator (a "+tag" is ignored), Delivered anywhere else.</summary>
    public static SimulatedOutcome OutcomeOf(string address)
    {
        if (!IsSimulator(address))
        {
            return SimulatedOutcome.Delivered;
        }

        var local = MimeKit.MailboxAddress.Parse(address).LocalPart;
        var plus = local.IndexOf('+');
        return ByLocalPart.GetValueOrDefault(plus < 0 ? local : local[..plus], SimulatedOutcome.Delivered);
    }
}
