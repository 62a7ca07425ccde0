using System.ComponentModel.DataAnnotations;

namespace SmartSender.Core.Delivery;

/// <summary>The <c>Delivery</c> section of appsettings.json.</summary>
public class DeliveryOptions : IValidatableObject
{
    public const string Section = "Delivery";

    /// <summary>Relay: every message to <see cref="Relay"/>. Direct: to each recipient domain's MX (<c>Delivery:Direct</c>).</summary>
    [EnumDataType(typeof(DeliveryMode))]
    public DeliveryMode Mode { get; set; } = DeliveryMode.Relay;

    [Required]
    public RelayOptions Relay { get; set; } = new();

    /// <summary>
    /// The most a message may hold: its subject, text and HTML bodies (UTF-8) and its attachments (decoded) together.
    /// The API refuses a larger request while reading it, before it is held in memory whole.
    /// </summary>
    [Range(1, 100L * 1024 * 1024)]
    public long MaxMessageBytes { get; set; } = Messages.AttachmentValidator.DefaultMaxTotalBytes;

    /// <summary>How long to wait before each retry of a deferred message; after the last, its delay repeats until <see cref="MaxAge"/>.</summary>
    /// <remarks>No default here: the configuration binder appends to an initialised array instead of replacing it.</remarks>
    [MinLength(1)]
    public TimeSpan[] RetryDelays { get; set; } = [];

    /// <summary>A message still deferred this long after it was due expires.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(72);

    /// <summary>How many due messages the delivery pump takes from the queue at a time.</summary>
    [Range(1, 10_000)]
    public int ClaimBatchSize { get; set; } = 200;

    /// <summary>
    /// After a claim that emptied the queue, how long new mail gathers before the next: a claim and its lookups cost
    /// the same for one message as for many. Zero claims at every new message.
    /// </summary>
    public TimeSpan ClaimInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// This instance's name among those sharing the database (the machine's name by default; set one per process when
    /// several run on one machine). A claim carries it, so an instance started again frees the claims of its previous
    /// life at once instead of waiting out <see cref="ClaimHold"/>.
    /// </summary>
    [Required]
    [MaxLength(100)]
    public string InstanceName { get; set; } = Environment.MachineName;

    /// <summary>How long a claim holds a message for its pump; a pump that died gives its messages up this long after (renewed while it runs).</summary>
    public TimeSpan ClaimHold { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A lane's wait this short is waited out in memory; a longer one puts its messages back in the queue until then.</summary>
    public TimeSpan MaxLaneWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an open SMTP session waits for more mail of its lane before it is closed.</summary>
    public TimeSpan SessionIdleTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many threads build and DKIM-sign messages, the part of delivery that keeps a core busy; 0 means one per core.
    /// They run at <see cref="BuildNiceness"/>, so they use the cores the API leaves idle.
    /// </summary>
    [Range(0, 1024)]
    public int BuildConcurrency { get; set; }

    /// <summary>
    /// How much lower the build threads' scheduling priority is than the API's (a Linux nice value, 0–19; elsewhere
    /// any value above 0 means below normal). 0 runs them at the same priority.
    /// </summary>
    [Range(0, 19)]
    public int BuildNiceness { get; set; } = 10;

    /// <summary>How long one run of the delivery pump lasts before the next starts (its claims are made afresh).</summary>
    public TimeSpan PumpRunLength { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Relay mode with no relay to hand mail to: an error in Production, the development inbox in Development.</summary>
    public bool LacksRelay => Mode == DeliveryMode.Relay && string.IsNullOrWhiteSpace(Relay.Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LacksRelay)
        {
            yield return new ValidationResult(
                "Delivery:Relay:Host is not set: give the host of the SMTP relay mail is handed to, or set Delivery:Mode to Direct. (In Development an empty host keeps mail in the development inbox.)",
                [nameof(Relay)]);
        }
    }
}

public enum DeliveryMode
{
    Relay,
    Direct,
}
