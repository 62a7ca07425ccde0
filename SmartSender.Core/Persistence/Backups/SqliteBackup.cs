using System.IO.Compression;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SmartSender.Core.Common;

namespace SmartSender.Core.Persistence.Backups;

/// <summary>
/// A consistent copy of a SQLite installation, taken while it runs: each database file copied by <c>VACUUM INTO</c>
/// (one read transaction, so the copy is the database as of one moment, and writers go on meanwhile), with the rest
/// of the data folder (the key ring, account exports, the submission certificate) beside it, in one zip file.
/// </summary>
public static class SqliteBackup
{
    public const string Manifest = "smartsender-backup.json";
    public const string Database = "smartsender.db";
    public const string Jobs = "hangfire.db";

    /// <summary>Files never copied as they lie: a live SQLite database's, and backups (their own and earlier ones).</summary>
    private static readonly string[] SkippedSuffixes = [".db", ".db-wal", ".db-shm", ".db-journal", ".zip", ".partial"];

    /// <summary>Writes the backup to <paramref name="target"/> (a zip), replacing it only once complete.</summary>
    public static async Task<BackupReport> CreateAsync(
        string dataDirectory, string databaseFile, string target, TimeProvider clock, IReadOnlyList<string>? skip = null, CancellationToken ct = default)
    {
        target = Path.GetFullPath(target);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var staging = Directory.CreateDirectory(target + ".staging-" + Guid.NewGuid().ToString("N")[..8]);
        var partial = target + ".partial";
        try
        {
            var started = clock.GetUtcNow().UtcDateTime;
            await CopyDatabaseAsync(databaseFile, Path.Combine(staging.FullName, Database), ct);
            var hangfire = Path.Combine(dataDirectory, Jobs);
            if (File.Exists(hangfire))
            {
                await CopyDatabaseAsync(hangfire, Path.Combine(staging.FullName, Jobs), ct);
            }

            var files = CopyFolder(dataDirectory, staging.FullName, [Path.GetDirectoryName(target)!, staging.FullName, .. skip ?? []]);
            var (messages, migration) = await DescribeAsync(Path.Combine(staging.FullName, Database), ct);
            var report = new BackupReport(started, messages, migration, files);
            await File.WriteAllTextAsync(Path.Combine(staging.FullName, Manifest), JsonSerializer.Serialize(report, Json), ct);

            File.Delete(partial);
            ZipFile.CreateFromDirectory(staging.FullName, partial, CompressionLevel.Fastest, includeBaseDirectory: false);
            File.Move(partial, target, overwrite: true);
            return report;
        }
        finally
        {
            staging.Delete(recursive: true);
            File.Delete(partial);
        }
    }

    /// <summary>The manifest of a backup file, or why it is not one.</summary>
    public static Result<BackupReport> Read(string file)
    {
        if (!File.Exists(file))
        {
            return new NotFoundError("not_found", $"{file} does not exist.");
        }

        try
        {
            using var zip = ZipFile.OpenRead(file);
            if (zip.GetEntry(Manifest) is not { } manifest || zip.GetEntry(Database) is null)
            {
                return new UnprocessableError("not_a_backup", $"{file} is not a SmartSender backup (no {Manifest} or {Database} in it).");
            }

            using var stream = manifest.Open();
            return Result<BackupReport>.Success(JsonSerializer.Deserialize<BackupReport>(stream, Json)!);
        }
        catch (InvalidDataException)
        {
            return new UnprocessableError("not_a_backup", $"{file} is not a zip file.");
        }
    }

    /// <summary>
    /// Puts a backup into <paramref name="dataDirectory"/>. A folder that already holds a database is refused unless
    /// <paramref name="replace"/>; then its files are moved aside to <c>before-restore-…</c> in it, never deleted.
    /// </summary>
    public static Result<RestoreReport> Restore(string file, string dataDirectory, bool replace, TimeProvider clock)
    {
        var read = Read(file);
        if (!read.Succeeded)
        {
            return Result<RestoreReport>.Failure(read.Errors);
        }

        Directory.CreateDirectory(dataDirectory);
        var existing = Directory.EnumerateFileSystemEntries(dataDirectory)
            .Where(p => !Path.GetFileName(p).StartsWith(SetAsidePrefix, StringComparison.Ordinal)).ToList();
        string? setAside = null;
        if (existing.Any(p => Path.GetFileName(p) == Database))
        {
            if (!replace)
            {
                return new ConflictError("data_exists",
                    $"{dataDirectory} already holds a database. Stop SmartSender and run restore again with --replace: the current files are moved to a {SetAsidePrefix}… folder there, not deleted.");
            }

            setAside = Path.Combine(dataDirectory, SetAsidePrefix + clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss"));
            Directory.CreateDirectory(setAside);
            foreach (var path in existing)
            {
                var to = Path.Combine(setAside, Path.GetFileName(path));
                if (Directory.Exists(path))
                {
                    Directory.Move(path, to);
                }
                else
                {
                    File.Move(path, to);
                }
            }
        }

        ZipFile.ExtractToDirectory(file, dataDirectory, overwriteFiles: true);
        File.Delete(Path.Combine(dataDirectory, Manifest));
        ForgetInstances(Path.Combine(dataDirectory, Database));
        return Result<RestoreReport>.Success(new RestoreReport(read.Value!, setAside));
    }

    public const string SetAsidePrefix = "before-restore-";

    /// <summary>The instances the backup saw ran elsewhere: none of them runs on the restored data.</summary>
    private static void ForgetInstances(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """DELETE FROM "Instances" """;
        command.ExecuteNonQuery();
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static async Task CopyDatabaseAsync(string source, string copy, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 60 }.ToString());
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO $copy";
        command.Parameters.AddWithValue("$copy", copy);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<(long Messages, string? Migration)> DescribeAsync(string database, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        await using var count = connection.CreateCommand();
        count.CommandText = """SELECT COUNT(*) FROM "Messages" """;
        var messages = (long)(await count.ExecuteScalarAsync(ct))!;
        await using var last = connection.CreateCommand();
        last.CommandText = """SELECT MAX("MigrationId") FROM "__EFMigrationsHistory" """;
        return (messages, await last.ExecuteScalarAsync(ct) as string);
    }

    /// <summary>Copies the folder's other files (not live database files, backups, earlier restores' set-asides or the backups' own folder).</summary>
    private static int CopyFolder(string from, string to, string[] skip)
    {
        var copied = 0;
        foreach (var file in Directory.EnumerateFiles(from))
        {
            if (!SkippedSuffixes.Any(s => file.EndsWith(s, StringComparison.Ordinal)))
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
                copied++;
            }
        }

        foreach (var folder in Directory.EnumerateDirectories(from))
        {
            var full = Path.GetFullPath(folder);
            if (skip.Any(s => string.Equals(Path.GetFullPath(s).TrimEnd('/'), full.TrimEnd('/'), StringComparison.Ordinal))
                || Path.GetFileName(folder).StartsWith(SetAsidePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            copied += CopyFolder(folder, Directory.CreateDirectory(Path.Combine(to, Path.GetFileName(folder))).FullName, skip);
        }

        return copied;
    }
}

/// <summary>What a backup holds: when it began, how many messages, the last migration applied, how many other files.</summary>
public sealed record BackupReport(DateTime TakenAt, long Messages, string? Migration, int Files);

/// <summary>A restore done, and where the files it replaced were moved, if any.</summary>
public sealed record RestoreReport(BackupReport Backup, string? SetAside);
