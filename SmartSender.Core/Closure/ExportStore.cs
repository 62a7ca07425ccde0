using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Accounts;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Closure;

/// <summary>
/// Where closed accounts' exports are kept until the purge: in the database, in chunks of <see cref="ChunkSize"/>,
/// so whichever instance a download reaches serves it (and a backup of the database holds them). A new file is
/// written under a generation of its own and takes the old one's place in one transaction: a download meanwhile gets
/// the old file whole, and a write that fails leaves the old one as it was.
/// </summary>
public sealed class ExportStore(IDbContextFactory<SmartSenderDbContext> contexts, TimeProvider clock)
{
    public const int ChunkSize = 1024 * 1024;

    /// <summary>Writes an account's file with <paramref name="write"/>, replacing the one before.</summary>
    public async Task WriteAsync(Guid accountId, Func<Stream, CancellationToken, Task> write, CancellationToken ct = default)
    {
        var generation = Guid.NewGuid();
        try
        {
            long length;
            await using (var chunks = new ChunkWriter(contexts, generation))
            {
                await write(chunks, ct);
                await chunks.FlushAsync(ct);
                length = chunks.Position;
            }

            await using var db = await contexts.CreateDbContextAsync(ct);
            using (await SqliteWriteGate.EnterAsync(db, ct))
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var file = await db.ExportFiles.FirstOrDefaultAsync(f => f.AccountId == accountId, ct);
                var old = file?.Generation;
                if (file is null)
                {
                    db.ExportFiles.Add(new ExportFile(accountId, generation, length, clock.GetUtcNow().UtcDateTime));
                }
                else
                {
                    file.Replace(generation, length, clock.GetUtcNow().UtcDateTime);
                }

                await db.SaveChangesAsync(ct);
                if (old is { } replaced)
                {
                    await db.ExportChunks.Where(c => c.Generation == replaced).ExecuteDeleteAsync(ct);
                }

                await transaction.CommitAsync(ct);
            }
        }
        catch
        {
            await DeleteChunksAsync(generation);
            throw;
        }
    }

    /// <summary>The account's file to read from the start, or null when it has none.</summary>
    public async Task<Stream?> OpenAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var file = await db.ExportFiles.AsNoTracking().FirstOrDefaultAsync(f => f.AccountId == accountId, ct);
        return file is null ? null : new ChunkReader(contexts, file.Generation, file.Length);
    }

    public async Task DeleteAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        using (await SqliteWriteGate.EnterAsync(db, ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var generations = db.ExportFiles.Where(f => f.AccountId == accountId).Select(f => f.Generation);
            await db.ExportChunks.Where(c => generations.Contains(c.Generation)).ExecuteDeleteAsync(ct);
            await db.ExportFiles.Where(f => f.AccountId == accountId).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
        }
    }

    private async Task DeleteChunksAsync(Guid generation)
    {
        await using var db = await contexts.CreateDbContextAsync();
        using (await SqliteWriteGate.EnterAsync(db, CancellationToken.None))
        {
            await db.ExportChunks.Where(c => c.Generation == generation).ExecuteDeleteAsync();
        }
    }

    /// <summary>Collects what is written into chunks and stores each when full (and the last on flush).</summary>
    private sealed class ChunkWriter(IDbContextFactory<SmartSenderDbContext> contexts, Guid generation) : Stream
    {
        private readonly byte[] _buffer = new byte[ChunkSize];
        private int _filled;
        private int _sequence;
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _written;

        public override long Position { get => _written; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            while (buffer.Length > 0)
            {
                var taken = Take(buffer);
                buffer = buffer[taken..];
                if (_filled == ChunkSize)
                {
                    StoreAsync(CancellationToken.None).GetAwaiter().GetResult();
                }
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            while (buffer.Length > 0)
            {
                var taken = Take(buffer.Span);
                buffer = buffer[taken..];
                if (_filled == ChunkSize)
                {
                    await StoreAsync(ct);
                }
            }
        }

        public override void Flush()
        {
        }

        /// <summary>Stores what is left (the last chunk); called once the file is complete.</summary>
        public override Task FlushAsync(CancellationToken ct) => _filled > 0 ? StoreAsync(ct) : Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private int Take(ReadOnlySpan<byte> from)
        {
            var n = Math.Min(from.Length, ChunkSize - _filled);
            from[..n].CopyTo(_buffer.AsSpan(_filled));
            _filled += n;
            _written += n;
            return n;
        }

        private async Task StoreAsync(CancellationToken ct)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            db.ExportChunks.Add(new ExportChunk(generation, _sequence++, _buffer[.._filled]));
            await db.SaveChangesAsync(ct);
            _filled = 0;
        }
    }

    /// <summary>Reads a file's chunks in order, one at a time.</summary>
    private sealed class ChunkReader(IDbContextFactory<SmartSenderDbContext> contexts, Guid generation, long length) : Stream
    {
        private byte[] _chunk = [];
        private int _at;
        private int _next;
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            if (_at == _chunk.Length)
            {
                if (_read >= length)
                {
                    return 0;
                }

                await using var db = await contexts.CreateDbContextAsync(ct);
                var sequence = _next++;
                _chunk = await db.ExportChunks.Where(c => c.Generation == generation && c.Sequence == sequence).Select(c => c.Data).FirstOrDefaultAsync(ct)
                    ?? throw new InvalidDataException($"Chunk {sequence} of an export is missing.");
                _at = 0;
            }

            var n = Math.Min(buffer.Length, _chunk.Length - _at);
            _chunk.AsMemory(_at, n).CopyTo(buffer);
            _at += n;
            _read += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
