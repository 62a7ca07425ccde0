using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Analytics.Benchmark;
using SmartSender.Core.Accounts;
using SmartSender.Core.Analytics;
using SmartSender.Core.Analytics.Stats;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Quota;
using SmartSender.Core.Reputation;

// The analytics at scale: one account with 10 million events and nine with 1 million each in the embedded SQLite
// database, then the Overview's and the Analytics page's queries timed (median and p95 at the server), then how
// fast new events are added with their rollups. Usage:
//   benchmarks/analytics.sh [--db PATH] [--scale 1.0] [--reuse] [--rounds 30]
// --reuse keeps an existing database at PATH (generating takes minutes); --scale 0.1 makes a tenth of the data;
// --closure-export times only the ZIP export of an account with a million events.
var path = Arg("--db") ?? Path.Combine(Path.GetTempPath(), "smartsender-analytics-bench.db");
var scale = double.Parse(Arg("--scale") ?? "1", System.Globalization.CultureInfo.InvariantCulture);
var rounds = int.Parse(Arg("--rounds") ?? "30", System.Globalization.CultureInfo.InvariantCulture);
var now = DateTime.UtcNow;
var options = new DbContextOptionsBuilder<SmartSenderDbContext>().UseSqlite($"Data Source={path}").Options;
var standing = Standing.Services(path);
var contexts = standing.GetRequiredService<IDbContextFactory<SmartSenderDbContext>>();

if (!(args.Contains("--reuse") && File.Exists(path)))
{
    foreach (var file in new[] { path, path + "-wal", path + "-shm" })
    {
        File.Delete(file);
    }

    await using (var db = new SmartSenderDbContext(options))
    {
        await new DatabaseInitializer(db).InitializeAsync();
    }

    var generator = new DataGenerator(path, now);
    var clock = Stopwatch.StartNew();
    generator.AddAccount("Big shop", (long)(10_000_000 * scale));
    for (var i = 1; i <= 9; i++)
    {
        generator.AddAccount($"Shop {i}", (long)(1_000_000 * scale));
    }

    Console.WriteLine($"generated {generator.Events:N0} events of {generator.Messages:N0} messages in {clock.Elapsed.TotalSeconds:0} s");
    clock.Restart();
    await generator.BuildRollupsAsync(contexts);
    Console.WriteLine($"rollups built from the raw events in {clock.Elapsed.TotalSeconds:0} s");
}

else
{
    // A database made by an earlier version gets this version's tables and columns.
    await using var db = new SmartSenderDbContext(options);
    await new DatabaseInitializer(db).InitializeAsync();
}

var big = await AccountOf("Big shop");
if (args.Contains("--closure-export"))
{
    // Only the export a closing account's Owner receives, for one of the accounts with a million events.
    await ClosureExportBenchmark.RunAsync(contexts, (await AccountOf("Shop 1")).Id, "Shop 1");
    return;
}

await using (var db = await contexts.CreateDbContextAsync())
{
    var events = await db.MessageEvents.LongCountAsync();
    var hourly = await db.HourlyRollups.LongCountAsync();
    var daily = await db.DailyRollups.LongCountAsync();
    var bigRows = await db.DailyRollups.LongCountAsync(r => r.AccountId == big.Id);
    Console.WriteLine($"database: {new FileInfo(path).Length / 1_048_576:N0} MiB, {events:N0} events, {hourly:N0} hourly and {daily:N0} daily rollup rows ({bigRows:N0} daily rows of the big account)");
}

var stats = standing.GetRequiredService<AccountStats>();
var month = StatsFilter.LastDays(now, 30);
var template = big.Templates[0];
var queries = new (string Name, Func<Task> Run)[]
{
    ("Overview, as the page asks (24 h with its series, 30 days, each against the previous period)", () => stats.OverviewAsync(big.Id, now)),
    ("Analytics, 30 days by day, no filter (series, providers, reasons, links)", () => stats.ReportAsync(big.Id, month)),
    ("Analytics, 30 days by day, domain + stream + template", () => stats.ReportAsync(big.Id, month with { Domain = "shop.example", Stream = MessageStream.Transactional, TemplateId = template })),
    ("Analytics, 30 days by day, tag", () => stats.ReportAsync(big.Id, month with { Tag = "promo" })),
    ("Analytics, 3 days by hour, no filter", () => stats.ReportAsync(big.Id, StatsFilter.Create(now.AddDays(-3), now).Value!)),
    ("Analytics, 90 days by day, no filter", () => stats.ReportAsync(big.Id, StatsFilter.LastDays(now, 90))),
    ("filter choices: domains, providers and tags of the last 90 days", () => stats.ChoicesAsync(big.Id, now)),
    ("message log, first page of 25 with the total count, no filter", () => standing.CreateScope().ServiceProvider.GetRequiredService<MessageLog>().ListAsync(big.Id, MessageFilter.None, 0, 25)),
    ("message log, first page of 25, Gmail deliveries of the last 24 hours", () => standing.CreateScope().ServiceProvider.GetRequiredService<MessageLog>().ListAsync(big.Id, new MessageFilter { Provider = "Gmail", Outcome = MessageOutcome.Delivered, From = now.AddDays(-1), To = now }, 0, 25)),
    ("quota check of a submission (queued mail of the last 24 hours)", () => standing.GetRequiredService<AccountQuota>().GetAsync(big.Id)),
    ("reputation judgement (30 days of daily counts, both windows)", () => Standing.JudgeAsync(contexts, big.Id, now)),
    ("Reputation page (120 days of counts, 90-day trend, outlook, history)", () => standing.GetRequiredService<AccountReputation>().ReportAsync(big.Id)),
    ("Admins' reputation table, ten accounts", () => standing.GetRequiredService<ReputationAdmin>().ListAsync()),
};
Console.WriteLine($"queries of the big account, {rounds} rounds each after one warm-up:");
foreach (var (name, run) in queries)
{
    await run();
    var times = new List<double>();
    for (var i = 0; i < rounds; i++)
    {
        var watch = Stopwatch.StartNew();
        await run();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    Console.WriteLine($"  {name}: median {times[times.Count / 2]:0.0} ms, p95 {times[(int)Math.Ceiling(times.Count * 0.95) - 1]:0.0} ms");
}

await IngestBenchmark.RunAsync(contexts, big.Id, now);
await ExportBenchmark.RunAsync(contexts, big.Id);

async Task<(Guid Id, Guid[] Templates)> AccountOf(string name)
{
    await using var db = await contexts.CreateDbContextAsync();
    var id = await db.Accounts.Where(a => a.Name == name).Select(a => a.Id).SingleAsync();
    var templates = await db.Messages.Where(m => m.AccountId == id && m.TemplateId != null && m.SendingDomain == "shop.example" && m.Stream == MessageStream.Transactional)
        .Select(m => m.TemplateId!.Value).Take(1).ToArrayAsync();
    return (id, templates);
}

string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
