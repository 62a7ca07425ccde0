using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartSender.Core;
using SmartSender.Core.Accounts;
using SmartSender.Core.Contacts;
using SmartSender.Core.Contacts.Import;
using SmartSender.Core.Persistence;

// A contacts CSV of N rows (address, name, a text, a number and a date field) checked, then imported into a list of a
// fresh SQLite database by the app's own ContactImport, streamed; prints the time of each and the process's peak
// resident memory and managed heap. Usage: benchmarks/import.sh [--rows 100000]
var rows = int.Parse(Arg("--rows") ?? "100000", CultureInfo.InvariantCulture);
var folder = Directory.CreateTempSubdirectory("smartsender-import-bench").FullName;
var path = Path.Combine(folder, "smartsender.db");
var csv = Path.Combine(folder, "contacts.csv");
await using (var writer = new StreamWriter(csv))
{
    await writer.WriteLineAsync("email,name,city,orders,since");
    for (var i = 0; i < rows; i++)
    {
        await writer.WriteLineAsync($"person{i}@example{i % 97}.test,Person {i},City {i % 1000},{i % 50},2024-{1 + i % 12:00}-{1 + i % 28:00}");
    }
}

var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
builder.Configuration["Database:ConnectionString"] = $"Data Source={path}";
builder.AddSmartSenderCore();
builder.Services.AddSingleton<IBackgroundJobClient, NoJobs>();
var services = builder.Services.BuildServiceProvider();
var contexts = services.GetRequiredService<IDbContextFactory<SmartSenderDbContext>>();
Guid accountId;
await using (var db = await contexts.CreateDbContextAsync())
{
    await new DatabaseInitializer(db).InitializeAsync();
    var account = new Account("Bench", DateTime.UtcNow);
    db.Accounts.Add(account);
    await db.SaveChangesAsync();
    accountId = account.Id;
}

var list = (await services.GetRequiredService<ContactBook>().CreateListAsync(accountId, "Everyone")).Value!;
var mapping = new ImportMapping("email", "name", [new("city", "city", ContactFieldType.Text), new("orders", "orders", ContactFieldType.Number), new("since", "since", ContactFieldType.Date)]);
var import = services.GetRequiredService<ContactImport>();
Console.WriteLine($"{rows:N0} rows, {new FileInfo(csv).Length / 1024.0 / 1024.0:0.0} MiB of CSV");

var clock = Stopwatch.StartNew();
await using (var file = File.OpenRead(csv))
{
    var report = (await import.CheckAsync(accountId, file, mapping)).Value!;
    Console.WriteLine($"check: {report.Good:N0} good, {report.Bad:N0} bad in {clock.Elapsed.TotalSeconds:0.0} s ({rows / clock.Elapsed.TotalSeconds:N0} rows/s)");
}

var heapPeak = 0L;
using var sampler = new Timer(_ => heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(false)), null, 0, 50);
clock.Restart();
await using (var file = File.OpenRead(csv))
{
    var report = (await import.ImportAsync(accountId, file, mapping, list.Id)).Value!;
    Console.WriteLine($"import: {report.Created:N0} contacts created in {clock.Elapsed.TotalSeconds:0.0} s ({rows / clock.Elapsed.TotalSeconds:N0} rows/s)");
}

Console.WriteLine($"peak managed heap {heapPeak / 1024.0 / 1024.0:0} MiB, peak resident {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:0} MiB");
await using (var db = await contexts.CreateDbContextAsync())
{
    Console.WriteLine($"stored: {await db.Contacts.CountAsync():N0} contacts, {await db.ListMemberships.CountAsync():N0} memberships");
}

Directory.Delete(folder, recursive: true);

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

internal sealed class NoJobs : IBackgroundJobClient
{
    public string Create(Job job, IState state) => "";

    public bool ChangeState(string jobId, IState state, string expectedState) => true;
}
