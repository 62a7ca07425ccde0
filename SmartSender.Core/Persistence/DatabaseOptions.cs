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

    /// <summary>Overrides the connection string made from <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }
}

public enum DatabaseProvider
{
    Sqlite,
}
