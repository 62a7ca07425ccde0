using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Contacts;

/// <summary>A list with its number of contacts and of subscribed ones.</summary>
public sealed record ListSummary(Guid Id, string Name, DateTime CreatedAt, int Contacts, int Subscribed);

/// <summary>A contact with its subscription on each list it is on.</summary>
public sealed record ContactView(Guid Id, string Email, string? Name, JsonObject Fields, DateTime CreatedAt, DateTime UpdatedAt, IReadOnlyList<MembershipView> Lists);

public sealed record MembershipView(Guid ListId, string List, SubscriptionStatus Status, DateTime ChangedAt, string How);

/// <summary>A page of contacts: newest first, with the total found.</summary>
public sealed record ContactPage(IReadOnlyList<ContactView> Contacts, int Total);

/// <summary>An account's contacts, lists and fields: read, search, add one by one, subscribe, export.</summary>
public sealed class ContactBook(IDbContextFactory<SmartSenderDbContext> contexts, TimeProvider clock)
{
    public const int MaxPageSize = 200;

    public async Task<ContactPage> SearchAsync(Guid accountId, string? search, Guid? listId, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.Contacts.AsNoTracking().Where(c => c.AccountId == accountId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var text = search.Trim().ToLowerInvariant();
            query = query.Where(c => c.Email.Contains(text) || (c.Name != null && c.Name.ToLower().Contains(text)));
        }

        if (listId is { } list)
        {
            query = query.Where(c => db.ListMemberships.Any(m => m.ListId == list && m.ContactId == c.Id));
        }

        var total = await query.CountAsync(ct);
        var contacts = await query.OrderByDescending(c => c.Id).Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, MaxPageSize)).ToListAsync(ct);
        return new ContactPage(await ViewsAsync(db, contacts, ct), total);
    }

    public async Task<ContactView?> GetAsync(Guid accountId, Guid contactId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == contactId && c.AccountId == accountId, ct);
        return contact is null ? null : (await ViewsAsync(db, [contact], ct))[0];
    }

    /// <summary>Adds a contact, or updates the one with that address; with <paramref name="listIds"/> it is subscribed to those lists where it is not on them yet.</summary>
    public async Task<Result<ContactView>> UpsertAsync(
        Guid accountId, string? email, string? name, JsonElement? fields, IReadOnlyList<Guid> listIds, CancellationToken ct = default)
    {
        if (email is null || !Addresses.TryParseMailbox(email.Trim(), out var mailbox) || mailbox.Name is { Length: > 0 })
        {
            return ContactErrors.InvalidEmail(email);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var types = await db.ContactFields.AsNoTracking().Where(f => f.AccountId == accountId).ToDictionaryAsync(f => f.Name, f => f.Type, ct);
        var values = new JsonObject();
        if (fields is { ValueKind: JsonValueKind.Object } given)
        {
            foreach (var property in given.EnumerateObject())
            {
                if (!types.TryGetValue(property.Name, out var type))
                {
                    return ContactErrors.UnknownField(property.Name);
                }

                var (value, problem) = FieldValues.Read(property.Name, type, property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText());
                if (problem is not null)
                {
                    return ContactErrors.FieldValue(problem);
                }

                values[property.Name] = value;
            }
        }

        var lists = await db.ContactLists.Where(l => l.AccountId == accountId && listIds.Contains(l.Id)).Select(l => l.Id).ToListAsync(ct);
        if (lists.Count != listIds.Distinct().Count())
        {
            return ContactErrors.ListNotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var address = mailbox.Address.ToLowerInvariant();
        var contact = await db.Contacts.FirstOrDefaultAsync(c => c.AccountId == accountId && c.Email == address, ct);
        if (contact is null)
        {
            contact = new Contact(accountId, address, string.IsNullOrWhiteSpace(name) ? null : name.Trim(), values, now);
            db.Contacts.Add(contact);
        }
        else
        {
            contact.Update(string.IsNullOrWhiteSpace(name) ? null : name.Trim(), values, now);
        }

        var on = await db.ListMemberships.Where(m => m.ContactId == contact.Id).Select(m => m.ListId).ToListAsync(ct);
        db.ListMemberships.AddRange(lists.Except(on).Select(l => new ListMembership(l, contact.Id, now, "api")));
        await db.SaveChangesAsync(ct);
        return Result<ContactView>.Success((await ViewsAsync(db, [contact], ct))[0]);
    }

    public async Task<Result<bool>> DeleteAsync(Guid accountId, Guid contactId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var deleted = await db.Contacts.Where(c => c.Id == contactId && c.AccountId == accountId).ExecuteDeleteAsync(ct);
        return deleted == 0 ? ContactErrors.ContactNotFound() : Result<bool>.Success(true);
    }

    /// <summary>Sets a contact's subscription on a list (adding it to the list when it is not on it).</summary>
    public async Task<Result<ContactView>> SubscribeAsync(Guid accountId, Guid contactId, Guid listId, SubscriptionStatus status, string how, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == contactId && c.AccountId == accountId, ct);
        if (contact is null)
        {
            return ContactErrors.ContactNotFound();
        }

        if (!await db.ContactLists.AnyAsync(l => l.Id == listId && l.AccountId == accountId, ct))
        {
            return ContactErrors.ListNotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var membership = await db.ListMemberships.FirstOrDefaultAsync(m => m.ListId == listId && m.ContactId == contactId, ct);
        if (membership is null)
        {
            membership = new ListMembership(listId, contactId, now, how);
            db.ListMemberships.Add(membership);
        }

        membership.Change(status, now, how);
        await db.SaveChangesAsync(ct);
        return Result<ContactView>.Success((await ViewsAsync(db, [contact], ct))[0]);
    }

    public async Task<List<ListSummary>> ListsAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ContactLists.AsNoTracking().Where(l => l.AccountId == accountId).OrderBy(l => l.Name)
            .Select(l => new ListSummary(l.Id, l.Name, l.CreatedAt,
                db.ListMemberships.Count(m => m.ListId == l.Id),
                db.ListMemberships.Count(m => m.ListId == l.Id && m.Status == SubscriptionStatus.Subscribed)))
            .ToListAsync(ct);
    }

    /// <summary>A list's name, or null when the account has no such list.</summary>
    public async Task<string?> ListNameAsync(Guid accountId, Guid listId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ContactLists.AsNoTracking().Where(l => l.Id == listId && l.AccountId == accountId).Select(l => l.Name).FirstOrDefaultAsync(ct);
    }

    public async Task<Result<ListSummary>> CreateListAsync(Guid accountId, string? name, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > ContactList.NameLength)
        {
            return ContactErrors.ListNameRequired();
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var trimmed = name.Trim();
        if (await db.ContactLists.AnyAsync(l => l.AccountId == accountId && l.Name == trimmed, ct))
        {
            return ContactErrors.ListNameTaken(trimmed);
        }

        var list = new ContactList(accountId, trimmed, clock.GetUtcNow().UtcDateTime);
        db.ContactLists.Add(list);
        await db.SaveChangesAsync(ct);
        return Result<ListSummary>.Success(new ListSummary(list.Id, list.Name, list.CreatedAt, 0, 0));
    }

    public async Task<List<ContactField>> FieldsAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ContactFields.AsNoTracking().Where(f => f.AccountId == accountId).OrderBy(f => f.Name).ToListAsync(ct);
    }

    /// <summary>Writes a list's contacts as CSV (email, name, each field, status, changed), streamed a page at a time.</summary>
    public async Task<Result<bool>> ExportAsync(Guid accountId, Guid listId, Stream output, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.ContactLists.AnyAsync(l => l.Id == listId && l.AccountId == accountId, ct))
        {
            return ContactErrors.ListNotFound();
        }

        var fields = await db.ContactFields.AsNoTracking().Where(f => f.AccountId == accountId).OrderBy(f => f.Name).Select(f => f.Name).ToListAsync(ct);
        await using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(false), leaveOpen: true);
        await writer.WriteAsync(CsvText.Row([.. new[] { "email", "name" }.Concat(fields).Concat(["status", "status_changed_at"])]) + "\r\n");
        var skip = 0;
        while (true)
        {
            var rows = await db.ListMemberships.AsNoTracking().Where(m => m.ListId == listId)
                .OrderBy(m => m.ContactId).Skip(skip).Take(1_000)
                .Join(db.Contacts, m => m.ContactId, c => c.Id, (m, c) => new { c.Id, c.Email, c.Name, c.FieldsJson, m.Status, m.ChangedAt })
                .ToListAsync(ct);
            if (rows.Count == 0)
            {
                break;
            }

            foreach (var row in rows)
            {
                var values = row.FieldsJson is null ? [] : JsonNode.Parse(row.FieldsJson)!.AsObject();
                await writer.WriteAsync(CsvText.Row([row.Email, row.Name, .. fields.Select(f => values[f]?.ToString()),
                    row.Status.ToString().ToLowerInvariant(), row.ChangedAt.ToString("yyyy-MM-ddTHH:mm:ssZ")]) + "\r\n");
            }

            skip += rows.Count;
        }

        await writer.FlushAsync(ct);
        return Result<bool>.Success(true);
    }

    private static async Task<List<ContactView>> ViewsAsync(SmartSenderDbContext db, List<Contact> contacts, CancellationToken ct)
    {
        var ids = contacts.Select(c => c.Id).ToList();
        var memberships = await db.ListMemberships.AsNoTracking().Where(m => ids.Contains(m.ContactId))
            .Join(db.ContactLists, m => m.ListId, l => l.Id, (m, l) => new { m.ContactId, View = new MembershipView(l.Id, l.Name, m.Status, m.ChangedAt, m.How) })
            .ToListAsync(ct);
        var byContact = memberships.ToLookup(m => m.ContactId, m => m.View);
        return [.. contacts.Select(c => new ContactView(c.Id, c.Email, c.Name, c.Fields, c.CreatedAt, c.UpdatedAt, [.. byContact[c.Id].OrderBy(m => m.List)]))];
    }
}
