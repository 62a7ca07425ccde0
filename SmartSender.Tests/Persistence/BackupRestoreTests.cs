using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Tests.Fixtures;
using SmartSender.Web.Jobs;

namespace SmartSender.Tests.Persistence;

/// <summary>
/// The <c>backup</c> command run by the built program while the app accepts and delivers 2,000 messages, then
/// <c>restore</c> into a new data folder: every message accepted before the backup began is there with its events,
/// each restored message's status agrees with its events, and the restored key ring still opens the DKIM key.
/// </summary>
[Collection(AppCollection.Name)]
public class BackupRestoreTests : IDisposable
{
    private const int Total = 2_000;
    private readonly TestFolder _live = new("backup-live");
    private readonly TestFolder _restored = new("backup-restored");
    private readonly TestFolder _files = new("backup-files");

    public void Dispose()
    {
        _live.Dispose();
        _restored.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task BackupUnderLoad_RestoredElsewhere_HoldsEveryMessageAcceptedBeforeItBegan_WithItsEvents()
    {
        var file = Path.Combine(_files.Path, "nightly.zip");
        var accepted = new ConcurrentDictionary<int, Guid>();
        IReadOnlyCollection<Guid> beforeBackup;
        string key;
        await using (var app = new SmartSenderApp(dataDirectory: _live.Path))
        {
            app.Settings["Quota:Normal:PerSecond"] = "0";
            var account = (await app.CreateAdminAsync()).Id;
            key = await app.CreateApiKeyAsync(account);
            await app.VerifyDomainAsync(account, "shop.test");
            using var api = app.CreateApiClient(key);

            // The clients go on until the backup is over, however fast the first 2,000 went in.
            var next = -1;
            var backedUp = false;
            var submitting = Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
            {
                for (var i = Interlocked.Increment(ref next); i < Total || !Volatile.Read(ref backedUp); i = Interlocked.Increment(ref next))
                {
                    var response = await api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = $"r{i}@example.test", subject = $"m{i}", text = "Your order." });
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                    accepted[i] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                }
            }));
            await Eventually.ReturnsAsync(() => Task.FromResult(app.Smtp.Count), n => n >= 300, TimeSpan.FromSeconds(60));
            beforeBackup = [.. accepted.Values];

            var backup = await ProgramRun.RunToExitAsync(ProgramRun.StartInfo(_live.Path, null, "backup", "--to", file));
            Volatile.Write(ref backedUp, true);
            Assert.True(backup.ExitCode == 0, backup.Error + backup.Output);
            Assert.Contains("Backed up", backup.Output);
            var acceptedWhileBackingUp = accepted.Count - beforeBackup.Count;
            await submitting;
            Assert.True(accepted.Count >= Total && acceptedWhileBackingUp > 0, $"{accepted.Count} accepted, {acceptedWhileBackingUp} while the backup ran");
        }

        var restore = await ProgramRun.RunToExitAsync(ProgramRun.StartInfo(_restored.Path, null, "restore", "--from", file));
        Assert.True(restore.ExitCode == 0, restore.Error + restore.Output);
        var again = await ProgramRun.RunToExitAsync(ProgramRun.StartInfo(_restored.Path, null, "restore", "--from", file));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already holds a database", again.Error);

        await using var restored = new SmartSenderApp(dataDirectory: _restored.Path);
        var ids = beforeBackup.ToList();
        var messages = await restored.WithDbAsync(db => db.Messages.Where(m => ids.Contains(m.Id))
            .Select(m => new { m.Id, m.Status, Events = db.Set<MessageEvent>().Where(e => e.MessageId == m.Id).Select(e => e.Type).ToList() }).ToListAsync());
        Assert.Equal(beforeBackup.Count, messages.Count);
        Assert.All(messages, m => Assert.Contains(MessageEventType.Queued, m.Events));
        Assert.All(messages, m => Assert.Equal(m.Status == MessageStatus.Delivered, m.Events.Contains(MessageEventType.Delivered)));
        Assert.Contains(messages, m => m.Status == MessageStatus.Delivered);

        // The restored key ring opens the domain's DKIM key: a message sent from the restored data is signed. The
        // messages still queued in the backup go out too, from where the backup left them.
        using var api2 = restored.CreateApiClient(key);
        var sent = await api2.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "after@example.test", subject = "after restore", text = "Hello again." });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var arrived = await restored.Smtp.NextAsync(TimeSpan.FromSeconds(30));
        while (arrived.Subject != "after restore")
        {
            Assert.Contains(arrived.Headers, h => h.Field == "DKIM-Signature" && h.Value.Contains("d=shop.test", StringComparison.Ordinal));
            arrived = await restored.Smtp.NextAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Contains(arrived.Headers, h => h.Field == "DKIM-Signature" && h.Value.Contains("d=shop.test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScheduledBackups_AreRegistered_NamedByTheirTime_AndOnlyTheNewestKept()
    {
        await using var app = new SmartSenderApp(dataDirectory: _live.Path);
        app.Settings["Backup:Folder"] = _files.Path;
        app.Settings["Backup:Keep"] = "2";
        await app.CreateAdminAsync();
        using (var connection = app.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            Assert.Contains(connection.GetRecurringJobs(), j => j.Id == ScheduledBackupJob.RecurringId && j.Cron == "0 0 * * *");
        }

        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero));
        var job = ActivatorUtilities.CreateInstance<ScheduledBackupJob>(app.Services, clock);
        foreach (var _ in Enumerable.Range(0, 3))
        {
            await job.RunAsync(CancellationToken.None);
            clock.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal(["smartsender-20261208-030000.zip", "smartsender-20261209-030000.zip"],
            Directory.EnumerateFiles(_files.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(Core.Persistence.Backups.SqliteBackup.Read(Path.Combine(_files.Path, "smartsender-20261209-030000.zip")).Succeeded);
    }
}
