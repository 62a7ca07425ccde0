namespace SmartSender.Core.Instances;

/// <summary>Roles as an instance's row in <c>Instances</c> writes them: "Dashboard, Api, Delivery".</summary>
public static class InstanceRoles
{
    public static string Format(IEnumerable<InstanceRole> roles) => string.Join(", ", roles);

    public static IReadOnlyList<InstanceRole> Parse(string roles) =>
        [.. roles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(r => Enum.TryParse<InstanceRole>(r, ignoreCase: true, out var role) ? role : (InstanceRole?)null)
            .OfType<InstanceRole>()];
}
