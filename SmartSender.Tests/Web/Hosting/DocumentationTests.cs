using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Messages;
using SmartSender.Tests.Fixtures;
using SmartSender.Web.Hosting;

namespace SmartSender.Tests.Web.Hosting;

/// <summary>
/// The README's quick start and the configuration page say only what exists: every command runs, every setting is
/// one the app reads, every setting of appsettings.json is documented, and the quick start's curl command sends.
/// </summary>
[Collection(AppCollection.Name)]
public partial class DocumentationTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void EveryOperatorCommandInTheReadme_Exists()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var used = CommandUse().Matches(readme).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(used);
        Assert.All(used, command => Assert.Contains(command, OperatorCommands.Commands));
        Assert.Contains("dotnet run --project SmartSender.Web", readme);
        Assert.Contains("./test.sh", readme);
        Assert.True(File.Exists(Path.Combine(Root, "test.sh")));
    }

    [Fact]
    public void TheGrafanaDashboard_QueriesOnlyDocumentedMetrics()
    {
        var operations = File.ReadAllText(Path.Combine(Root, "docs", "operations.md"));
        var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "docs", "grafana", "smartsender-dashboard.json"))).RootElement;
        var queried = dashboard.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .SelectMany(t => MetricName().Matches(t.GetProperty("expr").GetString()!).Select(m => m.Value))
            .Select(name => HistogramSeries().Replace(name, ""))
            .Distinct().ToList();

        Assert.True(queried.Count >= 8, string.Join(", ", queried));
        Assert.All(queried, name => Assert.True(
            operations.Contains($"`{name}`", StringComparison.Ordinal) || operations.Contains($"`{name}_", StringComparison.Ordinal)
                || name.StartsWith("smartsender_group_commit_", StringComparison.Ordinal) && operations.Contains("`smartsender_group_commit_duration_seconds`", StringComparison.Ordinal),
            $"{name} is queried by the dashboard but not documented in docs/operations.md"));
    }

    [GeneratedRegex(@"\b(?:smartsender|http_server)_[a-z_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex("_(bucket|count|sum)$")]
    private static partial Regex HistogramSeries();

    [Fact]
    public void EverySettingTheDocsName_IsOneTheAppReads()
    {
        var documented = DocumentedSettings();
        var text = File.ReadAllText(Path.Combine(Root, "README.md")) + File.ReadAllText(Path.Combine(Root, "docs", "configuration.md"));
        var named = SettingMention().Matches(text).Select(m => m.Groups[1].Value).Distinct();

        var unknown = documented.Concat(named).Distinct().Where(key => !Exists(key)).ToList();

        Assert.True(unknown.Count == 0, "Documented but read by nothing: " + string.Join(", ", unknown));
    }

    [Fact]
    public void EverySettingOfAppsettings_IsDocumented()
    {
        var documented = DocumentedSettings();
        var leaves = Leaves(JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "appsettings.json"))).RootElement, "")
            .Where(l => !l.StartsWith("Logging:", StringComparison.Ordinal) && l != "AllowedHosts");

        var undocumented = leaves.Where(leaf => !documented.Any(d => leaf == d || leaf.StartsWith(d + ":", StringComparison.Ordinal))).ToList();

        Assert.True(undocumented.Count == 0, "In appsettings.json but not in docs/configuration.md: " + string.Join(", ", undocumented));
    }

    [Fact]
    public async Task TheQuickStartsCurlCommands_AreAccepted()
    {
        await using var app = new SmartSenderApp(kestrel: true);
        var address = app.StartKestrel();
        var account = await app.CreateAdminAsync();
        await app.VerifyDomainAsync(account.Id, "shop.test");
        var key = await app.CreateApiKeyAsync(account.Id);
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var quickStart = readme[readme.IndexOf("## Quick start", StringComparison.Ordinal)..readme.IndexOf("## Test it", StringComparison.Ordinal)];
        var curl = CurlCommand().Match(quickStart).Value.Replace("http://localhost:5080/", address.ToString()).Replace("ss_…", key);

        var (exitCode, output) = await ProgramRun.ShellAsync(curl + " --silent --show-error --fail-with-body");

        Assert.True(exitCode == 0, output);
        Assert.Equal("Hello from SmartSender", (await app.Smtp.NextAsync()).Subject);
        Assert.Equal(1, await app.WithDbAsync(db => db.Messages.CountAsync()));
    }

    /// <summary>The keys of the configuration page's tables: "`A:B` / `C`" names A:B and A:C.</summary>
    private static List<string> DocumentedSettings()
    {
        var keys = new List<string>();
        foreach (Match row in TableRow().Matches(File.ReadAllText(Path.Combine(Root, "docs", "configuration.md"))))
        {
            var names = Ticked().Matches(row.Groups[1].Value).Select(m => m.Groups[1].Value).ToList();
            var first = names[0];
            keys.Add(first);
            var parent = first.Contains(':') ? first[..first.LastIndexOf(':')] : "";
            keys.AddRange(names.Skip(1).Select(n => n.Contains(':') ? n : $"{parent}:{n}"));
        }

        return keys;
    }

    /// <summary>A key the app binds: a property path of an options class (found by its Section), or one ASP.NET Core reads.</summary>
    private static bool Exists(string key)
    {
        // ASP.NET Core's own, and sections the app reads by name (ForwardedHeadersSetup).
        if (key is "Urls" || key.StartsWith("ForwardedHeaders:", StringComparison.Ordinal) || key.StartsWith("Logging:", StringComparison.Ordinal) || key.StartsWith("Kestrel:", StringComparison.Ordinal))
        {
            return true;
        }

        var sections = new[] { typeof(SmartSender.Core.Delivery.DeliveryOptions).Assembly, typeof(OperatorCommands).Assembly }
            .SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Section: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as string))
            .Where(t => t.Section is not null)
            .OrderByDescending(t => t.Section!.Length);
        foreach (var (type, section) in sections)
        {
            if (key == section)
            {
                return true;
            }

            if (key.StartsWith(section + ":", StringComparison.Ordinal) && HasPath(type, key[(section!.Length + 1)..].Split(':')))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasPath(Type type, string[] path)
    {
        foreach (var (segment, i) in path.Select((s, i) => (s, i)))
        {
            if (type != typeof(string) && (typeof(IDictionary).IsAssignableFrom(type) || type.IsArray
                || (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type))))
            {
                return true;
            }

            var property = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite && i == path.Length - 1 && !property.PropertyType.IsClass)
            {
                return false;
            }

            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }

        return true;
    }

    private static IEnumerable<string> Leaves(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Object when element.EnumerateObject().Any() =>
            element.EnumerateObject().SelectMany(p => Leaves(p.Value, path.Length == 0 ? p.Name : $"{path}:{p.Name}")),
        _ => [path],
    };

    private static string FindRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder!.FullName, "SmartSender.sln")))
        {
            folder = folder.Parent;
        }

        return folder.FullName;
    }

    [GeneratedRegex(@"dotnet run --project SmartSender\.Web -- ([a-z-]+)")]
    private static partial Regex CommandUse();

    [GeneratedRegex(@"`((?:Database|Delivery|Dns|Domains|Inbound|Tracking|Accounts|ApiKeys|ContentReview|Reputation|Quota|Jobs|Instance|Webhooks|Submission|Health|Metrics|Backup|Retention|Blocklists|Dmarc):[A-Za-z:]+)`")]
    private static partial Regex SettingMention();

    [GeneratedRegex(@"^\| ((?:`[^`]+`(?: / )?)+) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Ticked();

    [GeneratedRegex(@"curl -X POST http://localhost:5080/api/v1/messages [^\n]+")]
    private static partial Regex CurlCommand();
}
