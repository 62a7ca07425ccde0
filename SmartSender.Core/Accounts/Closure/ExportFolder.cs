namespace SmartSender.Core.Accounts.Closure;

/// <summary>Where the exports of closed accounts are kept until the purge: a folder beside the data.</summary>
public sealed record ExportFolder(string Path)
{
    public string FileOf(Guid accountId) => System.IO.Path.Combine(Path, $"{accountId:N}.zip");
}
