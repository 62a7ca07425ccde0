using System.Net;
using System.Text.Json;
using SmartSender.Core.Domains.Spf;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Domains.Spf;

/// <summary>The OpenSPF RFC 7208 test suite, each case's zone served by a real DNS server on 127.0.0.1.</summary>
public class SpfConformanceTests(TestDnsServer dns) : IClassFixture<TestDnsServer>
{
    private const string Suite = "spf/rfc7208-dev.flat.json";

    private static readonly Lazy<Dictionary<string, JsonElement>> Cases = new(() =>
        JsonDocument.Parse(File.ReadAllText(Conformance.PathOf(Suite))).RootElement.EnumerateArray()
            .ToDictionary(c => $"{c.GetProperty("scenario").GetString()} / {c.GetProperty("name").GetString()}", c => c.Clone()));

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Conformance.Has(Suite) ? [.. Cases.Value.Keys] : new[] { "(suite missing)" })
        {
            data.Add(name);
        }

        return data;
    }

    [ConformanceTheory(Suite)]
    [MemberData(nameof(CaseNames))]
    public async Task CheckHost_GivesTheSuitesResult(string name)
    {
        var c = Cases.Value[name];
        LoadZone(c.GetProperty("zonedata"));
        var evaluator = new SpfEvaluator(dns.CreateResolver(timeoutMilliseconds: 1500), TimeProvider.System);

        var outcome = await evaluator.CheckAsync(
            IPAddress.Parse(c.GetProperty("host").GetString()!), c.GetProperty("mailfrom").GetString(), c.GetProperty("helo").GetString()!);

        var expected = c.GetProperty("result").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.True(expected.Contains(outcome.Result.ToString().ToLowerInvariant()),
            $"{c.GetProperty("description").GetString()}: expected {string.Join(" or ", expected)}, got {outcome.Result} ({outcome.Reason})");
        if (c.GetProperty("explanation").ValueKind == JsonValueKind.String)
        {
            Assert.Equal(c.GetProperty("explanation").GetString(), outcome.Explanation ?? "DEFAULT");
        }
    }

    private void LoadZone(JsonElement zone)
    {
        dns.Clear();
        foreach (var name in zone.EnumerateObject())
        {
            foreach (var entry in name.Value.EnumerateArray())
            {
                dns.Add(name.Name, entry.ValueKind == JsonValueKind.String ? TestDnsRecord.Timeout() : ToRecord(entry.EnumerateObject().Single()));
            }
        }
    }

    private static TestDnsRecord ToRecord(JsonProperty entry)
    {
        string[] Strings() => entry.Value.ValueKind == JsonValueKind.Array ? [.. entry.Value.EnumerateArray().Select(s => s.GetString()!)] : [entry.Value.GetString()!];
        return entry.Name switch
        {
            "SPF" => TestDnsRecord.Spf(Strings()),
            "TXT" => TestDnsRecord.Txt(Strings()),
            "A" => TestDnsRecord.A(entry.Value.GetString()!),
            "AAAA" => TestDnsRecord.Aaaa(entry.Value.GetString()!),
            "MX" => TestDnsRecord.Mx(entry.Value[0].GetInt32(), entry.Value[1].GetString()!),
            "PTR" => TestDnsRecord.Ptr(entry.Value.GetString()!),
            "CNAME" => TestDnsRecord.Cname(entry.Value.GetString()!),
            var other => throw new InvalidOperationException($"Record type {other} is not in the suite's zone rules."),
        };
    }
}
