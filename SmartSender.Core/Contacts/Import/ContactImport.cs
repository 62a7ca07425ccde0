using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;
using SmartSender.Core.Suppressions;

namespace SmartSender.Core.Contacts.Import;

/// <summary>
/// Checks a contacts CSV against its mapping and imports it into a list. Both read the file row by row, in chunks of
/// <see cref="ChunkSize"/>; a row is bad when its address or a field cannot be read, when its address came earlier in
/// the file, or when the address is on the account's suppression list (suppressions are the last word). The import
/// writes in one transaction: a failed or cancelled import changes nothing. A contact already on the list keeps its
/// subscription status (an import never subscribes again someone who unsubscribed).
/// </summary>
public sealed class ContactImport(IDbContextFactory<SmartSenderDbContext> contexts, TimeProvider clock)
{
    public const int ChunkSize = 1_000;
    public const int MaxBadRowsShown = 1_000;

    /// <summary>What importing the file would do, without writing anything.</summary>
    public async Task<Result<ImportReport>> CheckAsync(Guid accountId, Stream csv, ImportMapping mapping, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await MappingErrorAsync(db, accountId, mapping, ct) is { } error)
        {
            return error;
        }

        var report = new Tally();
        await foreach (var chunk in CheckedChunksAsync(db, accountId, csv, mapping, report, ct))
        {
            report.Good += chunk.Count;
        }

        return Result<ImportReport>.Success(report.ToReport());
    }

    /// <summary>Imports the file's good rows into <paramref name="listId"/>; <paramref name="progress"/> hears the rows read so far.</summary>
    public async Task<Result<ImportReport>> ImportAsync(
        Guid accountId, Stream csv, ImportMapping mapping, Guid listId, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await MappingErrorAsync(db, accountId, mapping, ct) is { } error)
        {
            return error;
        }

        if (!await db.ContactLists.AnyAsync(l => l.Id == listId && l.AccountId == accountId, ct))
        {
            return ContactErrors.ListNotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var report = new Tally();
        using (await SqliteWriteGate.EnterAsync(db, ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await AddFieldsAsync(db, accountId, mapping, ct);
            await foreach (var chunk in CheckedChunksAsync(db, accountId, csv, mapping, report, ct))
            {
                await SaveChunkAsync(db, accountId, listId, chunk, report, now, ct);
                progress?.Report(report.Rows);
            }

            await transaction.CommitAsync(ct);
        }

        return Result<ImportReport>.Success(report.ToReport());
    }

    private static async Task<Error?> MappingErrorAsync(SmartSenderDbContext db, Guid accountId, ImportMapping mapping, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(mapping.EmailColumn))
        {
            return ContactErrors.NoEmailColumn();
        }

        var known = await db.ContactFields.AsNoTracking().Where(f => f.AccountId == accountId).ToDictionaryAsync(f => f.Name, f => f.Type, ct);
        foreach (var field in mapping.Fields)
        {
            if (!ContactField.IsValidName(field.Field))
            {
                return ContactErrors.FieldName(field.Field);
            }

            if (known.TryGetValue(field.Field, out var type) && type != field.Type)
            {
                return ContactErrors.FieldType(field.Field, type);
            }
        }

        return mapping.Fields.GroupBy(f => f.Field).FirstOrDefault(g => g.Count() > 1) is { } twice ? ContactErrors.FieldTwice(twice.Key) : null;
    }

    private static async Task AddFieldsAsync(SmartSenderDbContext db, Guid accountId, ImportMapping mapping, CancellationToken ct)
    {
        var known = await db.ContactFields.Where(f => f.AccountId == accountId).Select(f => f.Name).ToListAsync(ct);
        db.ContactFields.AddRange(mapping.Fields.Where(f => !known.Contains(f.Field)).Select(f => new ContactField(accountId, f.Field, f.Type)));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The file's good rows in chunks, the bad ones counted in <paramref name="tally"/>.</summary>
    private static async IAsyncEnumerable<List<CsvContact>> CheckedChunksAsync(
        SmartSenderDbContext db, Guid accountId, Stream csv, ImportMapping mapping, Tally tally, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var chunk = new List<CsvContact>(ChunkSize);
        await foreach (var row in ContactCsv.ReadAsync(csv, mapping, ct))
        {
            tally.Rows++;
            if (row.Error is not null)
            {
                tally.AddBad(row, row.Error);
            }
            else if (!seen.Add(row.Email))
            {
                tally.AddBad(row, "the address came earlier in the file");
            }
            else
            {
                chunk.Add(row);
            }

            if (chunk.Count == ChunkSize)
            {
                yield return await WithoutSuppressedAsync(db, accountId, chunk, tally, ct);
                chunk = new List<CsvContact>(ChunkSize);
            }
        }

        if (chunk.Count > 0)
        {
            yield return await WithoutSuppressedAsync(db, accountId, chunk, tally, ct);
        }
    }

    private static async Task<List<CsvContact>> WithoutSuppressedAsync(SmartSenderDbContext db, Guid accountId, List<CsvContact> chunk, Tally tally, CancellationToken ct)
    {
        var addresses = chunk.Select(r => r.Email).ToList();
        var erased = chunk.ToDictionary(r => ErasedAddress.Of(accountId, r.Email), r => r.Email);
        var listed = await db.Suppressions.AsNoTracking()
            .Where(s => s.AccountId == accountId && (addresses.Contains(s.Address) || erased.Keys.Contains(s.Address)))
            .Select(s => new { s.Address, s.Reason }).ToListAsync(ct);
        var reasons = listed.ToDictionary(s => erased.GetValueOrDefault(s.Address, s.Address), s => s.Reason);
        var good = new List<CsvContact>(chunk.Count);
        foreach (var row in chunk)
        {
            if (reasons.TryGetValue(row.Email, out var reason))
            {
                tally.AddBad(row, $"the address is suppressed ({SuppressedError.Words(reason)})");
            }
            else
            {
                good.Add(row);
            }
        }

        return good;
    }

    private static async Task SaveChunkAsync(SmartSenderDbContext db, Guid accountId, Guid listId, List<CsvContact> chunk, Tally tally, DateTime now, CancellationToken ct)
    {
        var emails = chunk.Select(r => r.Email).ToList();
        var existing = await db.Contacts.Where(c => c.AccountId == accountId && emails.Contains(c.Email)).ToDictionaryAsync(c => c.Email, ct);
        var contacts = new List<Contact>(chunk.Count);
        foreach (var row in chunk)
        {
            if (existing.TryGetValue(row.Email, out var contact))
            {
                contact.Update(row.Name, row.Fields, now);
                tally.Updated++;
            }
            else
            {
                contact = new Contact(accountId, row.Email, row.Name, row.Fields, now);
                db.Contacts.Add(contact);
                tally.Created++;
            }

            contacts.Add(contact);
        }

        var ids = contacts.Select(c => c.Id).ToList();
        var members = await db.ListMemberships.Where(m => m.ListId == listId && ids.Contains(m.ContactId)).Select(m => m.ContactId).ToListAsync(ct);
        db.ListMemberships.AddRange(contacts.Where(c => !members.Contains(c.Id)).Select(c => new ListMembership(listId, c.Id, now, "import")));
        tally.Good += chunk.Count;
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private sealed class Tally
    {
        private readonly List<BadRow> _bad = [];

        public int Rows { get; set; }

        public int Good { get; set; }

        public int Bad { get; private set; }

        public int Created { get; set; }

        public int Updated { get; set; }

        public void AddBad(CsvContact row, string reason)
        {
            Bad++;
            if (_bad.Count < MaxBadRowsShown)
            {
                _bad.Add(new BadRow(row.Line, row.Email, reason));
            }
        }

        public ImportReport ToReport() => new(Rows, Good, Bad, [.. _bad.OrderBy(b => b.Line)], Created, Updated);
    }
}
