namespace SmartSender.Core.Delivery.Direct;

/// <summary>
/// Where mail for a domain goes: hosts in the order to try them, and the mailbox provider behind them.
/// <paramref name="Configured"/> when the operator set the host (<c>Delivery:Direct:Routes</c>) instead of the domain's MX.
/// </summary>
public sealed record MailRoute(string Domain, string Provider, IReadOnlyList<RouteTarget> Targets, bool Configured = false);

/// <summary>One host to try, by name or address.</summary>
public sealed record RouteTarget(string Host, int Port);

/// <summary>A route, or why there is none: a hard failure (no such domain, null MX) or a soft one (DNS did not answer).</summary>
public sealed record RouteLookup(MailRoute? Route, DeliveryOutcome? Failure);
