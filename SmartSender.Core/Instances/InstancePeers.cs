namespace SmartSender.Core.Instances;

/// <summary>
/// How many live instances take mail from clients (the API or the dashboard's Compose), this one included: each
/// allows that share of an account's per-second send limit (ADR 0032). One on SQLite, where there is one process.
/// </summary>
public sealed class InstancePeers
{
    private int _accepting = 1;

    /// <summary>The instances that accept mail, at least 1.</summary>
    public int Accepting => Volatile.Read(ref _accepting);

    /// <summary>The roles that accept mail from clients and so spend the per-second limit.</summary>
    public static bool Accepts(IEnumerable<InstanceRole> roles) => roles.Any(r => r is InstanceRole.Api or InstanceRole.Dashboard);

    internal void Set(int accepting) => Volatile.Write(ref _accepting, Math.Max(1, accepting));
}
