namespace SmartSender.Core.Instances;

/// <summary>The <c>Instance</c> section of appsettings.json.</summary>
public sealed class InstanceOptions
{
    public const string Section = "Instance";

    /// <summary>The roles this instance takes, e.g. <c>["Api", "Tracking"]</c>; none listed means every role.</summary>
    public List<InstanceRole> Roles { get; set; } = [];

    public bool Has(InstanceRole role) => Roles.Count == 0 || Roles.Contains(role);

    /// <summary>The roles in effect, for the dashboard and the heartbeat.</summary>
    public IReadOnlyList<InstanceRole> Effective => Roles.Count == 0 ? Enum.GetValues<InstanceRole>() : [.. Roles.Distinct().Order()];
}
