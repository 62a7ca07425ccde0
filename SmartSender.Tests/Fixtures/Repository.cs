namespace SmartSender.Tests.Fixtures;

/// <summary>The repository the tests were built from, for tests that read its committed files.</summary>
public static class Repository
{
    /// <summary>The folder that holds SmartSender.sln, above the tests' own folder.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SmartSender.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository was not found above " + AppContext.BaseDirectory);
    }
}
