using System.Text.RegularExpressions;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Docs;

/// <summary>The documents a newcomer starts from stay true to the code: the architecture walk names files that exist, every decision says where it stands.</summary>
public partial class DocsTests
{
    private static readonly string[] Skipped = ["bin", "obj", "node_modules", ".git"];

    [Fact]
    public void EveryFileTheArchitectureWalkNames_Exists()
    {
        var files = FilesUnder(Repository.Root).Select(f => Path.GetRelativePath(Repository.Root, f).Replace('\\', '/')).ToList();
        var named = FileName().Matches(File.ReadAllText(Path.Combine(Repository.Root, "docs", "architecture.md"))).Select(m => m.Groups[1].Value).Distinct().ToList();

        // Named from the repository's root, from a project's folder (Core/… for SmartSender.Core/…), or by the file's name alone.
        var missing = named.Where(n => !files.Any(f => f == n || f.EndsWith("/" + n, StringComparison.Ordinal) || f.StartsWith("SmartSender." + n, StringComparison.Ordinal))).ToList();

        Assert.True(named.Count > 100, $"only {named.Count} file names found in docs/architecture.md");
        Assert.Empty(missing);
    }

    [Fact]
    public void ThePathFromTheApiToTheReceivingServer_NamesAtMost25Files()
    {
        var text = File.ReadAllText(Path.Combine(Repository.Root, "docs", "architecture.md"));
        var start = text.IndexOf("### The path", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/architecture.md has no \"### The path\" section");
        var end = text.IndexOf("\n### ", start + 1, StringComparison.Ordinal);
        var path = text[start..(end < 0 ? text.Length : end)];

        var named = FileName().Matches(path).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.InRange(named.Count, 10, 25);
    }

    [Fact]
    public void EveryDecisionRecord_HasAStatusLine()
    {
        var records = Directory.GetFiles(Path.Combine(Repository.Root, "docs", "decisions"), "*.md");

        Assert.NotEmpty(records);
        Assert.All(records, r => Assert.Matches(StatusLine(), File.ReadAllText(r)));
    }

    private static IEnumerable<string> FilesUnder(string folder) =>
        Directory.EnumerateFiles(folder).Concat(Directory.EnumerateDirectories(folder)
            .Where(d => !Skipped.Contains(Path.GetFileName(d)))
            .SelectMany(FilesUnder));

    [GeneratedRegex(@"`([A-Za-z0-9_/.\-]+\.(?:cs|razor|sh|py))`")]
    private static partial Regex FileName();

    [GeneratedRegex(@"(?m)^Status: \w+")]
    private static partial Regex StatusLine();
}
