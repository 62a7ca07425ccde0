using SmartSender.Core.Accounts;
namespace SmartSender.Core.Closure;

/// <summary>
/// A closed account's export as stored in the database, so every instance can serve its link: which generation of
/// chunks (<see cref="ExportChunk"/>) is the current file, and how long it is.
/// </summary>
public sealed class ExportFile
{
    private ExportFile()
    {
    }

    public ExportFile(Guid accountId, Guid generation, long length, DateTime writtenAt) =>
        (AccountId, Generation, Length, WrittenAt) = (accountId, generation, length, writtenAt);

    public Guid AccountId { get; private set; }

    public Guid Generation { get; private set; }

    public long Length { get; private set; }

    public DateTime WrittenAt { get; private set; }

    public void Replace(Guid generation, long length, DateTime writtenAt) => (Generation, Length, WrittenAt) = (generation, length, writtenAt);
}

/// <summary>One piece of an export file, in order; a file is written in pieces so it never sits whole in memory.</summary>
public sealed class ExportChunk
{
    private ExportChunk()
    {
    }

    public ExportChunk(Guid generation, int sequence, byte[] data) => (Generation, Sequence, Data) = (generation, sequence, data);

    public Guid Generation { get; private set; }

    public int Sequence { get; private set; }

    public byte[] Data { get; private set; } = [];
}
