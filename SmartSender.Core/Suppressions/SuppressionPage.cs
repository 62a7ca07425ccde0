namespace SmartSender.Core.Suppressions;

/// <summary>One page of the suppression list and the number of entries in all pages.</summary>
public sealed record SuppressionPage(IReadOnlyList<Suppression> Items, int Total);
