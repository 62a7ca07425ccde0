using System.ComponentModel.DataAnnotations;

namespace SmartSender.Core.Persistence;

/// <summary>The <c>Database</c> section of appsettings.json.</summary>
public class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Where SQLite files live; relative paths are taken from the app's content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// SQLite: overrides the connection string made from <see cref="DataDirectory"/>. PostgreSQL: required, e.g.
    /// <c>Host=db.internal;Database=smartsender;Username=smartsender;Password=…</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How long the send path may keep an account, API key, sending domain, template or quota count it read. Changes made
    /// through this process are seen at once; this bounds how late another instance's changes are seen. Zero reads every time.
    /// </summary>
    public TimeSpan CacheTime { get; set; } = TimeSpan.FromSeconds(2);
}

public enum DatabaseProvider
{
    /// <summary>One file beside the app: the embedded default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, which several instances can share.</summary>
    Postgres,
}
