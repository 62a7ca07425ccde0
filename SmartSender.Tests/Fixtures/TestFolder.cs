namespace SmartSender.Tests.Fixtures;

/// <summary>A fresh folder under the system's temporary folder, deleted on dispose.</summary>
public sealed class TestFolder(string purpose) : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "smartsender-tests", $"{purpose}-{Guid.NewGuid():N}")).FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing background thread; the OS cleans the temp folder.
        }
    }
}
