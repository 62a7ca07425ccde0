using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Closure;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Accounts;

/// <summary>
/// Closed accounts' exports live in the database in chunks: what one store (one instance) writes, another reads back
/// byte for byte; a new file replaces the old one whole; a write that fails leaves the old file as it was.
/// </summary>
public abstract class ExportStoreTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly TestDatabase _database = new(provider);
    private readonly Guid _account = Guid.NewGuid();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [SkippableFact]
    public async Task AFileWrittenByOneInstance_IsReadWholeByAnother_InChunks()
    {
        var content = Bytes(ExportStore.ChunkSize * 2 + 12_345, seed: 1);

        await NewStore().WriteAsync(_account, (output, ct) => WriteInPiecesAsync(output, content, ct));
        var read = await ReadAsync(NewStore());

        Assert.Equal(content, read);
        await using var db = _database.CreateContext();
        Assert.Equal(3, await db.ExportChunks.CountAsync());
        Assert.Equal(content.Length, (await db.ExportFiles.SingleAsync()).Length);
    }

    [SkippableFact]
    public async Task ANewFile_ReplacesTheOld_AndAFailedWrite_LeavesItAsItWas()
    {
        var store = NewStore();
        await store.WriteAsync(_account, (output, ct) => WriteInPiecesAsync(output, Bytes(ExportStore.ChunkSize + 1, seed: 2), ct));
        var second = Bytes(1_000, seed: 3);
        await store.WriteAsync(_account, (output, ct) => WriteInPiecesAsync(output, second, ct));

        var failed = await Assert.ThrowsAsync<IOException>(() => store.WriteAsync(_account, async (output, ct) =>
        {
            await WriteInPiecesAsync(output, Bytes(ExportStore.ChunkSize * 2, seed: 4), ct);
            throw new IOException("the database went away mid-export");
        }));

        Assert.Contains("went away", failed.Message);
        Assert.Equal(second, await ReadAsync(store));
        await using var db = _database.CreateContext();
        Assert.Equal(1, await db.ExportChunks.CountAsync());
    }

    [SkippableFact]
    public async Task ADeletedFile_IsGone()
    {
        var store = NewStore();
        await store.WriteAsync(_account, (output, ct) => WriteInPiecesAsync(output, Bytes(10, seed: 5), ct));

        await store.DeleteAsync(_account);

        Assert.Null(await store.OpenAsync(_account));
        await using var db = _database.CreateContext();
        Assert.Equal(0, await db.ExportChunks.CountAsync());
    }

    private ExportStore NewStore() => new(_database.CreateFactory(), TimeProvider.System);

    private async Task<byte[]> ReadAsync(ExportStore store)
    {
        await using var file = await store.OpenAsync(_account);
        Assert.NotNull(file);
        using var copy = new MemoryStream();
        await file.CopyToAsync(copy, 7_777);
        return copy.ToArray();
    }

    private static async Task WriteInPiecesAsync(Stream output, byte[] content, CancellationToken ct)
    {
        for (var at = 0; at < content.Length; at += 65_000)
        {
            await output.WriteAsync(content.AsMemory(at, Math.Min(65_000, content.Length - at)), ct);
        }
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}

public sealed class ExportStoreOnSqliteTests() : ExportStoreTests(DatabaseProvider.Sqlite);

public sealed class ExportStoreOnPostgresTests() : ExportStoreTests(DatabaseProvider.Postgres);
