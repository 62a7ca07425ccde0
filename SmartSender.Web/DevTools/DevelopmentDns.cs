using System.Text.Json;
using SmartSender.Core.Domains;

namespace SmartSender.Web.DevTools;

/// <summary>
/// The development DNS zone: records the app answers itself for names under <see cref="Suffix"/>, so a domain
/// verifies on a machine without public DNS. It exists only in Development and is kept in <c>dev-dns.json</c> in the
/// data folder, so a verified domain stays verified across restarts.
/// </summary>
public sealed class DevelopmentDns
{
    /// <summary>RFC 6761 reserves <c>.test</c> for testing: no such name exists on the public internet.</summary>
    public const string Suffix = ".test";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly string _file;
    private readonly Lock _lock = new();
    private Dictionary<string, List<ZoneRecord>> _zone;

    public DevelopmentDns(string dataDirectory)
    {
        _file = Path.Combine(dataDirectory, "dev-dns.json");
        _zone = Load(_file);
    }

    /// <summary>Whether <paramref name="domain"/> can be published here: a name under <see cref="Suffix"/>.</summary>
    public static bool Serves(string domain) => Normalize(domain).EndsWith(Suffix, StringComparison.Ordinal);

    /// <summary>The records of <paramref name="name"/> of one type, or null when the zone has no such name.</summary>
    public IReadOnlyList<string>? Lookup(string name, string type)
    {
        lock (_lock)
        {
            return _zone.TryGetValue(Normalize(name), out var records)
                ? [.. records.Where(r => r.Type == type).Select(r => r.Value)]
                : null;
        }
    }

    /// <summary>Writes each record of a domain under its full name, replacing what the zone had of the same names.</summary>
    public void Publish(IEnumerable<PublishedRecord> records)
    {
        var byName = records.Where(r => Serves(r.FullName)).GroupBy(r => Normalize(r.FullName));
        lock (_lock)
        {
            var zone = new Dictionary<string, List<ZoneRecord>>(_zone);
            foreach (var name in byName)
            {
                zone[name.Key] = [.. name.Select(r => new ZoneRecord(r.Type, r.Value))];
            }

            Save(zone);
            _zone = zone;
        }
    }

    private static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();

    private void Save(Dictionary<string, List<ZoneRecord>> zone)
    {
        var temporary = _file + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(zone, Json));
        File.Move(temporary, _file, overwrite: true);
    }

    private static Dictionary<string, List<ZoneRecord>> Load(string file)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, List<ZoneRecord>>>(File.ReadAllText(file)) ?? [];
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The development DNS zone {file} cannot be read ({ex.Message}); delete the file and publish the domains again.", ex);
        }
    }

    public sealed record ZoneRecord(string Type, string Value);
}
