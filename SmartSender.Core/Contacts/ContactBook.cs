using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Suppressions;

namespace SmartSender.Core.Contacts;

/// <summary>A list with its number of contacts and of subscribed ones (whose addresses are not suppressed).</summary>
public sealed record ListSummary(Guid Id, string Name, DateTime CreatedAt, int Contacts, int Subscribed);

/// <summary>
/// A contact with its subscription on each list it is on, where it stands on each topic, and why its address is
/// suppressed, if it is. A suppressed address shows as bounced, complained or unsubscribed on every list it was
/// subscribed to, as it gets no marketing mail from any of them.
/// </summary>
public sealed record ContactView(
    Guid Id, string Email, string? Name, JsonObject Fields, DateTime CreatedAt, DateTime UpdatedAt, IReadOnlyList<MembershipView> Lists,
    IReadOnlyList<TopicChoiceView> Topics, SuppressionReason? Suppressed);

public sealed record MembershipView(Guid ListId, string List, SubscriptionStatus Status, DateTime ChangedAt, string How);

/// <summary>Whether a contact gets a topic's mail: by its own choice (<see cref="ChangedAt"/> and <see cref="How"/> say when and how), or by the topic's default.</summary>
public sealed record TopicChoiceView(Guid TopicId, string Topic, bool Subscribed, DateTime? ChangedAt, string? How);

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
            query = query.Where(c => db.Set<ListMembership>().Any(m => m.ListId == list && m.ContactId == c.Id));
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
        // Suppressed subscribers are counted from the suppression list's side (an account has far fewer suppressions than
        // contacts), with EXISTS rather than a join: without statistics SQLite would walk the contacts instead.
        var suppressions = db.Suppressions.Where(s => s.AccountId == accountId);
        return await db.ContactLists.AsNoTracking().Where(l => l.AccountId == accountId).OrderBy(l => l.Name)
            .Select(l => new ListSummary(l.Id, l.Name, l.CreatedAt,
                db.Set<ListMembership>().Count(m => m.ListId == l.Id),
                db.Set<ListMembership>().Count(m => m.ListId == l.Id && m.Status == SubscriptionStatus.Subscribed)
                    - suppressions.Count(s => db.Set<Contact>().Any(c => c.AccountId == accountId && c.Email == s.Address
                        && db.Set<ListMembership>().Any(m => m.ListId == l.Id && m.ContactId == c.Id && m.Status == SubscriptionStatus.Subscribed)))))
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

    /// <summary>Adds a custom field of a type (text, number, date or boolean) that contacts may then carry.</summary>
    public async Task<Result<ContactField>> CreateFieldAsync(Guid accountId, string? name, string? type, CancellationToken ct = default)
    {
        var trimmed = name?.Trim() ?? "";
        var errors = new List<Error>();
        if (!ContactField.IsValidName(trimmed))
        {
            errors.Add(ContactErrors.FieldName(trimmed) with { Field = "name" });
        }

        var parsed = EnumName.Parse<ContactFieldType>(type);
        if (parsed is null)
        {
            errors.Add(ContactErrors.FieldTypeUnknown());
        }

        if (errors.Count > 0)
        {
            return Result<ContactField>.Failure(errors);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.ContactFields.AnyAsync(f => f.AccountId == accountId && f.Name == trimmed, ct))
        {
            return ContactErrors.FieldExists(trimmed);
        }

        var field = new ContactField(accountId, trimmed, parsed!.Value);
        db.ContactFields.Add(field);
        await db.SaveChangesAsync(ct);
        return Result<ContactField>.Success(field);
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
        Guid? after = null;
        while (true)
        {
            var query = db.ListMemberships.AsNoTracking().Where(m => m.ListId == listId);
            if (after is { } last)
            {
                query = query.Where(m => m.ContactId.CompareTo(last) > 0);
            }

            var rows = await query.OrderBy(m => m.ContactId).Take(1_000)
                .Join(db.Contacts, m => m.ContactId, c => c.Id, (m, c) => new
                {
                    c.Id, c.Email, c.Name, c.FieldsJson, m.Status, m.ChangedAt,
                    Suppressed = db.Set<Suppression>().Where(s => s.AccountId == accountId && s.Address == c.Email).Select(s => (SuppressionReason?)s.Reason).FirstOrDefault(),
                })
                .ToListAsync(ct);
            if (rows.Count == 0)
            {
                break;
            }

            foreach (var row in rows)
            {
                var values = row.FieldsJson is null ? [] : JsonNode.Parse(row.FieldsJson)!.AsObject();
                await writer.WriteAsync(CsvText.Row([row.Email, row.Name, .. fields.Select(f => values[f]?.ToString()),
                    Effective(row.Status, row.Suppressed).ToString().ToLowerInvariant(), row.ChangedAt.ToString("yyyy-MM-ddTHH:mm:ssZ")]) + "\r\n");
            }

            after = rows[^1].Id;
        }

        await writer.FlushAsync(ct);
        return Result<bool>.Success(true);
    }

    /// <summary>What a subscription amounts to: a suppressed address gets no marketing mail, and says why.</summary>
    public static SubscriptionStatus Effective(SubscriptionStatus status, SuppressionReason? suppressed) => (status, suppressed) switch
    {
        (SubscriptionStatus.Subscribed, SuppressionReason.HardBounce) => SubscriptionStatus.Bounced,
        (SubscriptionStatus.Subscribed, SuppressionReason.Complaint) => SubscriptionStatus.Complained,
        (SubscriptionStatus.Subscribed, SuppressionReason.Unsubscribe) => SubscriptionStatus.Unsubscribed,
        _ => status,
    };

    private static async Task<List<ContactView>> ViewsAsync(SmartSenderDbContext db, List<Contact> contacts, CancellationToken ct)
    {
        if (contacts.Count == 0)
        {
            return [];
        }

        var accountId = contacts[0].AccountId;
        var ids = contacts.Select(c => c.Id).ToList();
        var emails = contacts.Select(c => c.Email).ToList();
        var suppressed = await db.Suppressions.AsNoTracking().Where(s => s.AccountId == accountId && emails.Contains(s.Address))
            .ToDictionaryAsync(s => s.Address, s => s.Reason, ct);
        var memberships = await db.ListMemberships.AsNoTracking().Where(m => ids.Contains(m.ContactId))
            .Join(db.ContactLists, m => m.ListId, l => l.Id, (m, l) => new { m.ContactId, l.Id, l.Name, m.Status, m.ChangedAt, m.How })
            .ToListAsync(ct);
        var byContact = memberships.ToLookup(m => m.ContactId);
        var topics = await db.Topics.AsNoTracking().Where(t => t.AccountId == accountId).OrderBy(t => t.Name).ToListAsync(ct);
        var choices = await db.TopicSubscriptions.AsNoTracking().Where(s => ids.Contains(s.ContactId))
            .ToDictionaryAsync(s => (s.ContactId, s.TopicId), ct);
        return [.. contacts.Select(c =>
        {
            SuppressionReason? reason = suppressed.TryGetValue(c.Email, out var r) ? r : null;
            return new ContactView(c.Id, c.Email, c.Name, c.Fields, c.CreatedAt, c.UpdatedAt,
                [.. byContact[c.Id].OrderBy(m => m.Name).Select(m => new MembershipView(m.Id, m.Name, Effective(m.Status, reason), m.ChangedAt, m.How))],
                [.. topics.Select(t => choices.TryGetValue((c.Id, t.Id), out var choice)
                    ? new TopicChoiceView(t.Id, t.Name, choice.Status == SubscriptionStatus.Subscribed, choice.ChangedAt, choice.How)
                    : new TopicChoiceView(t.Id, t.Name, t.SubscribedByDefault, null, null))],
                reason);
        })];
    }
}
