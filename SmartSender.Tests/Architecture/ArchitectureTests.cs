using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Architecture;

/// <summary>
/// SmartSender.Core's folders, read from the compiled assembly (<see cref="FolderGraph"/>): the web framework stays
/// out of Core, the shared folders use no feature, and no use of one folder by another may join a cycle beyond the
/// ones listed in <c>known-cycles.txt</c>, nor may two more folders use each other both ways than <c>known-pairs.txt</c>
/// lists; both lists may only shrink.
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
    public void NoUseOfOneFolderByAnother_JoinsACycle_BeyondTheKnownOnes()
    {
        var cyclic = CyclicUses().ToDictionary(e => $"{e.From} -> {e.To}", e => Graph.Evidence[e], StringComparer.Ordinal);

        AssertOnlyShrinks("known-cycles.txt", cyclic, "New uses that close a cycle between folders; turn them around (or move the type) instead:");
    }

    [Fact]
    public void NoTwoFolders_UseEachOtherBothWays_BeyondTheKnownPairs()
    {
        var pairs = Graph.Uses
            .SelectMany(p => p.Value.Select(to => (From: p.Key, To: to)))
            .Where(e => string.CompareOrdinal(e.From, e.To) < 0 && Graph.Uses.GetValueOrDefault(e.To)?.Contains(e.From) == true)
            .ToDictionary(e => $"{e.From} <-> {e.To}", e => $"{Graph.Evidence[e]}; {Graph.Evidence[(e.To, e.From)]}", StringComparer.Ordinal);

        AssertOnlyShrinks("known-pairs.txt", pairs, "New pairs of folders that use each other both ways; let one of them ask the other through a type of its own instead:");
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

    /// <summary>Fails when <paramref name="found"/> holds a line the file does not list, or the file lists one no longer found.</summary>
    private static void AssertOnlyShrinks(string file, Dictionary<string, string> found, string whenAdded)
    {
        var known = File.ReadAllLines(Path.Combine(Repository.Root, "SmartSender.Tests", "Architecture", file))
            .Where(l => l.Contains("->", StringComparison.Ordinal) && !l.StartsWith('#'))
            .Select(l => l.Trim())
            .ToHashSet(StringComparer.Ordinal);

        var added = found.Where(e => !known.Contains(e.Key)).Select(e => $"{e.Key} ({e.Value})").ToList();
        var gone = known.Where(k => !found.ContainsKey(k)).ToList();

        Assert.True(added.Count == 0, whenAdded + "\n" + string.Join('\n', added));
        Assert.True(gone.Count == 0, $"These no longer hold: remove them from {file} so that they cannot come back:\n" + string.Join('\n', gone));
    }

    /// <summary>Uses between folders of the same strongly connected component: each lies on a cycle.</summary>
    private static IEnumerable<(string From, string To)> CyclicUses()
    {
        var component = Graph.Cycles().SelectMany(c => c.Select(f => (Folder: f, Group: c))).ToDictionary(p => p.Folder, p => p.Group);
        return Graph.Uses.SelectMany(p => p.Value.Select(to => (From: p.Key, To: to)))
            .Where(e => component.TryGetValue(e.From, out var group) && group.Contains(e.To));
    }
}
