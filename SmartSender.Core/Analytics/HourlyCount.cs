namespace SmartSender.Core.Analytics;

/// <summary>The number of messages created in the hour that starts at <see cref="Hour"/> (UTC).</summary>
public record HourlyCount(DateTime Hour, int Count);
