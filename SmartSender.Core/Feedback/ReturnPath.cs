using SmartSender.Core.Domains;

namespace SmartSender.Core.Feedback;

/// <summary>
/// The envelope sender of every message, <c>bounces+TOKEN@…</c>, so a bounce names the message it is about (VERP).
/// Its domain is the sending domain's own <c>bounces.</c> name once that CNAME is verified (SPF then aligns with the
/// From domain), otherwise the operator's return-path host.
/// </summary>
public static class ReturnPath
{
    public const string LocalPrefix = "bounces+";

    public static string For(string token, SendingDomain domain, string returnPathHost)
    {
        var ownName = domain.Checks.Any(c => c.Kind == DnsRecordKind.ReturnPath && c.Status == RecordStatus.Verified);
        return $"{LocalPrefix}{token}@{(ownName ? $"{DomainRecords.ReturnPathLabel}.{domain.Name}" : returnPathHost)}";
    }

    /// <summary>The message token in a return-path address, or null when the address is not one.</summary>
    public static string? TokenOf(string address)
    {
        var at = address.LastIndexOf('@');
        var local = at < 0 ? address : address[..at];
        return local.StartsWith(LocalPrefix, StringComparison.OrdinalIgnoreCase) && local.Length > LocalPrefix.Length
            ? local[LocalPrefix.Length..]
            : null;
    }
}
