namespace SmartSender.Tests.Architecture;

/// <summary>
/// SmartSender.Core's folders, read from the compiled assembly (<see cref="FolderGraph"/>): the web framework stays
/// out of Core, the shared folders (Common, Dns, and Persistence but for Common) use no feature, and no folder uses
/// itself through others: the folders form layers. Message events and their rollups have one writer.
/// </summary>
public class ArchitectureTests
{
    private static readonly FolderGraph Graph = FolderGraph.Of(typeof(Core.Messages.Message).Assembly.Location);

    /// <summary>The stores of Identity and Data Protection in the database: packages named ASP.NET Core that hold no web code.</summary>
    private static readonly string[] AllowedAspNetCore =
    [
        "Microsoft.AspNetCore.Identity.EntityFrameworkCore",
        "Microsoft.AspNetCore.DataProtection.EntityFrameworkCore",
    ];

    [Fact]
    public void Core_ReferencesNoAspNetCore_ButTheDatabaseStoresOfIdentityAndDataProtection()
    {
        var web = Graph.AssemblyReferences
            .Where(a => a.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && !AllowedAspNetCore.Contains(a))
            .ToList();

        Assert.Empty(web);
    }

    [Theory]
    [InlineData("Common")]
    [InlineData("Dns")]
    public void SharedFolders_UseNoOtherFolderOfCore(string folder)
    {
        var uses = Graph.Uses.GetValueOrDefault(folder) ?? new HashSet<string>();

        Assert.True(uses.Count == 0, $"{folder} uses {string.Join(", ", uses.Select(u => Graph.Evidence[(folder, u)]))}");
    }

    [Fact]
    public void Persistence_UsesNoFeature_OnlyCommon()
    {
        var uses = Graph.Uses.GetValueOrDefault("Persistence") ?? new HashSet<string>();

        Assert.True(uses.All(u => u == "Common"), $"Persistence uses {string.Join(", ", uses.Where(u => u != "Common").Select(u => Graph.Evidence[("Persistence", u)]))}");
    }

    [Fact]
    public void NoFolder_UsesItselfThroughOthers()
    {
        var cycles = Graph.Cycles()
            .Select(group => string.Join("; ", Graph.Uses.Where(p => group.Contains(p.Key))
                .SelectMany(p => p.Value.Where(group.Contains).Select(to => Graph.Evidence[(p.Key, to)]))))
            .ToList();

        Assert.True(cycles.Count == 0, "Folders that use each other, directly or through others; let the lower one declare what it needs and the higher one answer:\n" + string.Join('\n', cycles));
    }

    [Fact]
    public void MessageEventsAndTheirRollups_AreWrittenByTheEventWriterAlone()
    {
        var writers = Callers.Of(typeof(Core.Messages.Message).Assembly.Location, method =>
            method.DeclaringType.Name == "RollupWriter" && method.Name == "WriteAsync" ||
            method.DeclaringType is Mono.Cecil.GenericInstanceType { Name: "PreparedInsert`1" } insert && insert.GenericArguments[0].Name == nameof(Core.Messages.MessageEvent));

        Assert.Equal(["SmartSender.Core.Analytics.Rollups.RollupWriter", "SmartSender.Core.Messages.EventWriter"], writers.Order());
    }

    [Fact]
    public void TheGraph_SeesAUseInsideALambdaOfAnAsyncMethod_AndACycleOfTwo()
    {
        var sample = FolderGraph.Of(typeof(ArchitectureTests).Assembly.Location, "SmartSender.Tests.Architecture.Sample");

        Assert.Equal(["Lower"], sample.Uses["Upper"]);
        Assert.Equal(["Upper"], sample.Uses["Lower"]);
        Assert.Equal(["Upper -> Lower"], sample.Evidence.Where(e => e.Key.From == "Upper").Select(e => $"{e.Key.From} -> {e.Key.To}"));
        Assert.Equal(["Lower", "Upper"], Assert.Single(sample.Cycles()));
    }
}
