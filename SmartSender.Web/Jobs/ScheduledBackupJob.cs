using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using SmartSender.Core.Persistence;
using Hangfire;
using SmartSender.Web.Hosting;

namespace SmartSender.Web.Jobs;

/// <summary>
/// With <c>Backup:Folder</c> set on SQLite, a backup every <c>Backup:Interval</c> into that folder, named by its time
/// (<c>smartsender-20261207-030000.zip</c>), keeping the newest <c>Backup:Keep</c>.
/// </summary>
public sealed class ScheduledBackupJob(
    IServiceProvider services, IOptions<BackupOptions> options, IHostEnvironment environment, TimeProvider clock, ILogger<ScheduledBackupJob> logger)
{
    public const string RecurringId = "scheduled-backup";

    public const string Prefix = "smartsender-";

    public async Task RunAsync(CancellationToken ct)
    {
        var settings = options.Value;
        if (settings.Folder is not { Length: > 0 } configured)
        {
            return;
        }

        var folder = Path.GetFullPath(Path.Combine(environment.ContentRootPath, configured));

        var file = Path.Combine(folder, $"{Prefix}{clock.GetUtcNow().UtcDateTime:yyyyMMdd-HHmmss}.zip");
        var report = await BackupCommands.BackupNowAsync(services, file, [folder], ct);
        logger.LogInformation("Scheduled backup of {Messages} messages written to {File}", report.Messages, file);

        foreach (var old in Directory.EnumerateFiles(folder, $"{Prefix}*.zip").Order(StringComparer.Ordinal).SkipLast(settings.Keep))
        {
            File.Delete(old);
        }
    }

    public static void Schedule(WebApplication app, IRecurringJobManager recurring)
    {
        var settings = app.Services.GetRequiredService<IOptions<BackupOptions>>().Value;
        var sqlite = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.Sqlite;
        if (settings.Folder is { Length: > 0 } && sqlite)
        {
            recurring.AddOrUpdate<ScheduledBackupJob>(RecurringId, job => job.RunAsync(CancellationToken.None), Core.Domains.DomainRecheckJob.CronFor(settings.Interval));
        }
        else
        {
            recurring.RemoveIfExists(RecurringId);
        }
    }
}

/// <summary>The <c>Backup</c> section of appsettings.json.</summary>
public sealed class BackupOptions
{
    public const string Section = "Backup";

    /// <summary>Where scheduled backups go (absolute, or relative to SmartSender.Web/); none means no scheduled backup.</summary>
    public string? Folder { get; set; }

    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    [Range(1, 10_000)]
    public int Keep { get; set; } = 7;
}
