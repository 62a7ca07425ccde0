using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Domains;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Suppressions;
using SmartSender.Core.Templates;

namespace SmartSender.Core.Closure;

/// <summary>
/// Everything a closing account takes with it, as one ZIP: the messages' metadata and their events as CSV (bodies are
/// not included), the templates with every version, the suppressions and the domains as JSON or CSV. Rows are
/// streamed from the database into the archive, so a large account never sits in memory.
/// </summary>
public sealed class AccountExport(IDbContextFactory<SmartSenderDbContext> contexts, ExportStore store)
{
    public static readonly string[] Files = ["account.json", "messages.csv", "events.csv", "templates.json", "suppressions.csv", "domains.json"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Writes the account's export to the export store (<see cref="ExportStore"/>), replacing an older one.</summary>
    public Task WriteAsync(Guid accountId, CancellationToken ct = default) => store.WriteAsync(accountId, (output, ct) => WriteAsync(accountId, output, ct), ct);

    /// <summary>The account's export to read, or null when it has none.</summary>
    public Task<Stream?> OpenAsync(Guid accountId, CancellationToken ct = default) => store.OpenAsync(accountId, ct);

    public Task DeleteAsync(Guid accountId, CancellationToken ct = default) => store.DeleteAsync(accountId, ct);

    public async Task WriteAsync(Guid accountId, Stream output, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);

        var account = await db.Accounts.AsNoTracking().FirstAsync(a => a.Id == accountId, ct);
        await JsonEntryAsync(zip, "account.json", new
        {
            account.Id, account.Name, account.CreatedAt, account.Culture, account.PostalAddress, account.ClosureRequestedAt, account.ClosureReason, account.ClosedAt,
            Users = await db.Users.AsNoTracking().Where(u => u.AccountId == accountId).Select(u => new { u.Email, Role = u.Role.ToString() }).ToListAsync(ct),
        }, ct);

        await CsvEntryAsync(zip, "messages.csv", "id,created_at,from,to,subject,stream,status,template_id,tags,metadata,attempts,last_reply,first_opened_at,first_clicked_at",
            db.Messages.AsNoTracking().Where(m => m.AccountId == accountId).OrderBy(m => m.CreatedAt)
                .Select(m => new { m.Id, m.CreatedAt, m.From, m.To, m.Subject, m.Stream, m.Status, m.TemplateId, m.TagsJson, m.MetadataJson, m.Attempts, m.LastReply, m.FirstOpenedAt, m.FirstClickedAt })
                .AsAsyncEnumerable(),
            m => CsvText.Row(m.Id.ToString(), Time(m.CreatedAt), m.From, m.To, m.Subject, m.Stream.ToString(), m.Status.ToString(), m.TemplateId?.ToString(), m.TagsJson,
                m.MetadataJson, m.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture), m.LastReply, Time(m.FirstOpenedAt), Time(m.FirstClickedAt)), ct);

        await CsvEntryAsync(zip, "events.csv", "id,message_id,type,occurred_at,source,machine,provider,reason,detail",
            (from e in db.MessageEvents.AsNoTracking()
             join m in db.Messages.AsNoTracking() on e.MessageId equals m.Id
             where m.AccountId == accountId
             orderby e.Id
             select new { e.Id, e.MessageId, e.Type, e.OccurredAt, e.Source, e.Machine, e.Provider, e.Reason, e.Detail }).AsAsyncEnumerable(),
            e => CsvText.Row(e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), e.MessageId.ToString(), e.Type.ToString(), Time(e.OccurredAt),
                e.Source.ToString(), e.Machine ? "true" : "false", e.Provider, e.Reason, e.Detail), ct);

        var templates = await db.Templates.AsNoTracking().Include(t => t.Versions).Where(t => t.AccountId == accountId).OrderBy(t => t.Name).ToListAsync(ct);
        await JsonEntryAsync(zip, "templates.json", templates.Select(t => new
        {
            t.Id, t.Name, t.IsArchived, t.CurrentVersion, t.CreatedAt, t.UpdatedAt,
            Versions = t.Versions.OrderBy(v => v.Number).Select(v => new { v.Number, v.Subject, v.Html, v.Text, v.SampleVariables, v.CreatedAt }),
        }), ct);

        await CsvEntryAsync(zip, "suppressions.csv", "address,reason,detail,message_id,created_at",
            db.Suppressions.AsNoTracking().Where(s => s.AccountId == accountId).OrderBy(s => s.Address).AsAsyncEnumerable(),
            s => CsvText.Row(s.Address, s.Reason.ToString(), s.Detail, s.MessageId?.ToString(), Time(s.CreatedAt)), ct);

        var domains = await db.SendingDomains.AsNoTracking().Include(d => d.Keys).Where(d => d.AccountId == accountId).OrderBy(d => d.Name).ToListAsync(ct);
        await JsonEntryAsync(zip, "domains.json", domains.Select(d => new
        {
            d.Id, d.Name, Status = d.Status.ToString(), d.CreatedAt, d.VerifiedAt, d.LastCheckedAt,
            DkimSelectors = d.Keys.Select(k => new { k.Selector, Algorithm = k.Algorithm.ToString(), State = k.State.ToString() }),
        }), ct);
    }

    private static string? Time(DateTime? at) => at?.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task JsonEntryAsync<T>(ZipArchive zip, string name, T value, CancellationToken ct)
    {
        await using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        await JsonSerializer.SerializeAsync(stream, value, Json, ct);
    }

    private static async Task CsvEntryAsync<T>(ZipArchive zip, string name, string header, IAsyncEnumerable<T> rows, Func<T, string> format, CancellationToken ct)
    {
        await using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        await writer.WriteLineAsync(header);
        await foreach (var row in rows.WithCancellation(ct))
        {
            await writer.WriteLineAsync(format(row));
        }
    }
}
