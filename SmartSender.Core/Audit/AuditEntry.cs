namespace SmartSender.Core.Audit;

/// <summary>
/// One security-relevant action: who did what to what, when and from where. Written once and never changed:
/// the application has no way to edit or delete it, and the database refuses to (triggers on the table).
/// </summary>
public class AuditEntry
{
    private AuditEntry()
    {
    }

    public AuditEntry(Guid? accountId, AuditActor actor, string action, string? target, string? detail, DateTime at)
    {
        Id = Guid.CreateVersion7(at);
        AccountId = accountId;
        Actor = actor.Name;
        Address = actor.Address;
        Action = action;
        Target = target;
        Detail = detail;
        At = at;
    }

    public Guid Id { get; private set; }

    /// <summary>The account acted on; null for what belongs to no account (a failed sign-in of an unknown address).</summary>
    public Guid? AccountId { get; private set; }

    public string Actor { get; private set; } = "";

    /// <summary>The IP address the action came from, when it came over the network.</summary>
    public string? Address { get; private set; }

    /// <summary>What was done, e.g. <c>api_key.created</c>; see <see cref="AuditActions"/>.</summary>
    public string Action { get; private set; } = "";

    public string? Target { get; private set; }

    public string? Detail { get; private set; }

    public DateTime At { get; private set; }
}

/// <summary>Who acted and from where: a user's address, an API key's name, or SmartSender itself.</summary>
public sealed record AuditActor(string Name, string? Address)
{
    public static AuditActor ApiKey(string keyName, string? address) => new($"API key '{keyName}'", address);

    /// <summary>SmartSender's own scheduled work, such as the purge after the retention period.</summary>
    public static readonly AuditActor SmartSender = new("SmartSender", null);
}
