namespace SmartSender.Tests.Fixtures;

/// <summary>
/// The third-party conformance data at <c>../shared/conformance</c> beside the project root. It is not part
/// of the repository; where a clone lacks it, the tests that read it are skipped and say so.
/// </summary>
public static class Conformance
{
    public static string? Root { get; } = FindRoot();

    public static string PathOf(string relative) =>
        System.IO.Path.Combine(Root ?? throw new InvalidOperationException("No conformance data."), relative);

    public static bool Has(string relative) => Root is not null && (File.Exists(PathOf(relative)) || Directory.Exists(PathOf(relative)));

    private static string? FindRoot()
    {
        var root = System.IO.Path.GetFullPath(System.IO.Path.Combine(Repository.Root, "..", "shared", "conformance"));
        return Directory.Exists(root) ? root : null;
    }
}

/// <summary>A theory over conformance data, skipped with the reason when the data is not in this clone.</summary>
public sealed class ConformanceTheoryAttribute : TheoryAttribute
{
    public ConformanceTheoryAttribute(string relativePath)
    {
        if (!Conformance.Has(relativePath))
        {
            Skip = $"../shared/conformance/{relativePath} is not beside this clone; these conformance cases cannot run here.";
        }
    }
}

/// <summary>A fact over conformance data, skipped with the reason when the data is not in this clone.</summary>
public sealed class ConformanceFactAttribute : FactAttribute
{
    public ConformanceFactAttribute(string relativePath)
    {
        if (!Conformance.Has(relativePath))
        {
            Skip = $"../shared/conformance/{relativePath} is not beside this clone; these conformance cases cannot run here.";
        }
    }
}
