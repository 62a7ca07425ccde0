using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Accounts;
using SmartSender.Core.Analytics.Rollups;
using SmartSender.Core.Persistence;

namespace SmartSender.Analytics.Benchmark;

/// <summary>
/// Writes accounts' messages and events straight into the SQLite file (the app's schema, the app's formats), as
/// three months of realistic mail: templates bound to a domain, stream and tags; a provider mix; deliveries,
/// deferrals, failures and bounces; opens, repeat opens, scanner opens, clicks on a template's links; unsubscribes
/// and complaints. The rollups are then built from these raw events by <see cref="RollupRebuild"/>.
/// </summary>
internal sealed class DataGenerator(string path, DateTime now)
{
    private static readonly (string Name, double Share)[] Providers =
        [("Gmail", 0.45), ("Outlook", 0.25), ("Yahoo", 0.15), ("iCloud", 0.05), ("gmx.net", 0.04), ("web.de", 0.03), ("comcast.net", 0.03)];

    private static readonly string[] Reasons = ["UserUnknown", "MailboxFull", "Blocked", "SpamDetected", "Policy"];

    private readonly Random _random = new(42);

    public long Events { get; private set; }

    public long Messages { get; private set; }

    public void AddAccount(string name, long events)
    {
        var accountId = AddAccountRow(name);
        var templates = TemplatesOf();
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        Exec(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000;");
        var writer = new Writer(connection);
        long written = 0;
        while (written < events)
        {
            writer.Begin();
            for (var i = 0; i < 20_000 && written < events; i++)
            {
                // Messages in time order (with a little jitter), as mail arrives: rows and index entries are appended.
                var at = now.AddDays(-90).AddSeconds((double)written / events * 90 * 86_400 + _random.NextDouble() * 60);
                written += AddMessage(writer, accountId, templates[Pick(templates.Length)], at);
                Messages++;
            }

            writer.Commit();
        }

        Events += written;
    }

    public async Task BuildRollupsAsync(IDbContextFactory<SmartSenderDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size=-1000000");
        foreach (var statement in RollupRebuild.Statements)
        {
            await db.Database.ExecuteSqlRawAsync(statement);
        }

        await db.Database.ExecuteSqlRawAsync("ANALYZE");
    }

    private int AddMessage(Writer writer, string accountId, TemplateShape template, DateTime at)
    {
        var id = Guid.CreateVersion7(at);
        var provider = Weighted();
        var tags = template.Tags.Where(_ => _random.NextDouble() < 0.8).ToArray();
        var events = new List<(string Type, DateTime At, string Source, bool Machine, string? Provider, string? Reason, string? Link)>();
        void Event(string type, DateTime when, string source, bool machine = false, string? reason = null, string? link = null, bool routed = true) =>
            events.Add((type, when, source, machine, routed ? provider : null, reason, link));

        Event("Queued", at, "SmartSender", routed: false);
        var roll = _random.NextDouble();
        var status = "Sent";
        var t = at.AddSeconds(2);
        if (roll < 0.02)
        {
            Event("Failed", t, "SmtpReply", reason: Reasons[_random.Next(2)]);
            status = "Failed";
        }
        else if (roll < 0.025)
        {
            Event("Deferred", t, "SmtpReply");
            Event("Deferred", t.AddMinutes(5), "SmtpReply");
            Event("Expired", t.AddHours(72), "SmtpReply", reason: "Expired");
            status = "Expired";
        }
        else
        {
            if (roll < 0.06)
            {
                Event("Deferred", t, "SmtpReply");
                t = t.AddMinutes(5);
            }

            Event("Sent", t, "SmtpReply");
            if (_random.NextDouble() < 0.01)
            {
                var hard = _random.Next(2) == 0;
                Event(hard ? "HardBounced" : "SoftBounced", t.AddMinutes(3), "Dsn", reason: Reasons[_random.Next(Reasons.Length)]);
                status = hard ? "Bounced" : status;
            }
            else
            {
                if (_random.NextDouble() < 0.1)
                {
                    Event("Opened", t.AddSeconds(3), "Tracking", machine: true);
                }

                if (_random.NextDouble() < 0.45)
                {
                    var opened = t.AddMinutes(_random.Next(1, 3000));
                    for (var i = _random.Next(1, 4); i > 0; i--)
                    {
                        Event("Opened", opened, "Tracking");
                        opened = opened.AddMinutes(_random.Next(1, 600));
                    }

                    if (_random.NextDouble() < 0.22)
                    {
                        for (var i = _random.Next(1, 3); i > 0; i--)
                        {
                            Event("Clicked", opened, "Tracking", link: template.Links[Pick(template.Links.Length)]);
                        }
                    }
                }

                if (template.Marketing && _random.NextDouble() < 0.004)
                {
                    Event("Unsubscribed", t.AddHours(5), "Tracking");
                }

                if (_random.NextDouble() < 0.0006)
                {
                    Event("Complained", t.AddHours(6), "Arf");
                }
            }
        }

        writer.Message(id, accountId, at, template, provider, status, tags);
        foreach (var e in events)
        {
            writer.Event(id, e.Type, e.At, e.Source, e.Machine, e.Provider, e.Reason, e.Link);
        }

        return events.Count;
    }

    private string Weighted()
    {
        var x = _random.NextDouble();
        foreach (var (name, share) in Providers)
        {
            if ((x -= share) < 0)
            {
                return name;
            }
        }

        return Providers[^1].Name;
    }

    /// <summary>Most mail of an account comes from a few templates (the first ones more), a tenth from none.</summary>
    private int Pick(int count) => Math.Min(count - 1, (int)(count * Math.Pow(_random.NextDouble(), 1.6)));

    private TemplateShape[] TemplatesOf() =>
    [
        new(Guid.NewGuid(), "shop.example", false, ["receipt"], 3),
        new(Guid.NewGuid(), "shop.example", false, ["welcome", "onboarding"], 4),
        new(Guid.NewGuid(), "mail.example", false, ["reset"], 1),
        new(Guid.NewGuid(), "news.example", true, ["promo", "black-friday"], 8),
        new(Guid.NewGuid(), "news.example", true, ["newsletter", "promo"], 12),
        new(Guid.NewGuid(), "shop.example", false, ["shipping"], 2),
        new(Guid.NewGuid(), "news.example", true, ["winback"], 5),
        new(Guid.NewGuid(), "shop.example", false, ["invoice"], 2),
        new(null, "mail.example", false, [], 1),
    ];

    private string AddAccountRow(string name)
    {
        using var db = new SmartSenderDbContext(new DbContextOptionsBuilder<SmartSenderDbContext>().UseSqlite($"Data Source={path}").Options);
        var account = new Account(name, now.AddDays(-120));
        db.Accounts.Add(account);
        db.SaveChanges();
        return Text(account.Id);
    }

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static string Text(Guid id) => id.ToString().ToUpperInvariant();

    internal static string Text(DateTime at) => at.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture);

    internal sealed record TemplateShape(Guid? Id, string Domain, bool Marketing, string[] Tags, int LinkCount)
    {
        public string[] Links { get; } = [.. Enumerable.Range(1, LinkCount).Select(i => $"https://{Domain}/l/{Id?.ToString("N")[..6] ?? "plain"}/{i}")];
    }
}
