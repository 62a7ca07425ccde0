namespace SmartSender.Core.Domains.Spf;

/// <summary>Policy smells that SPF evaluation alone does not reveal.</summary>
public static class SpfPolicy
{
    /// <summary>"+all" or "?all" (or a bare "all"): the record authorises, or shrugs at, every server. Null when the policy is sound.</summary>
    public static string? LetsAnyoneSend(string record) =>
        record.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(t => t.ToLowerInvariant())
            .FirstOrDefault(t => t is "+all" or "?all" or "all");
}
