namespace SmartSender.Core.Domains.Spf;

/// <summary>
/// An SPF verdict. <see cref="Explanation"/> is the domain's own explanation (its <c>exp=</c>) for a Fail,
/// when it published one; <see cref="Reason"/> says in plain words how the verdict came about.
/// </summary>
public record SpfOutcome(SpfResult Result, string? Explanation, string Reason, int DnsLookups);
