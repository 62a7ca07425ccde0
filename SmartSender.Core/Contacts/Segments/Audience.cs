using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;
using SmartSender.Core.Suppressions;

namespace SmartSender.Core.Contacts.Segments;

/// <summary>Whom marketing mail is for: the subscribed contacts of a list, of a topic when one is given, meeting a segment's conditions when one is given.</summary>
public sealed record AudienceTarget(Guid AccountId, Guid ListId, Guid? TopicId, Guid? SegmentId);

/// <summary>A segment's conditions before it is saved.</summary>
public sealed record SegmentDraft(SegmentMatch Match, IReadOnlyList<SegmentCondition> Conditions);

/// <summary>How many contacts the target selects, and how many of them are suppressed (and get nothing).</summary>
public sealed record AudienceCount(int Selected, int Suppressed)
{
    public int Recipients => Selected - Suppressed;
}

/// <summary>One selected contact; a suppressed address is selected but never sent marketing mail.</summary>
public sealed record AudienceMember(Guid ContactId, string Email, bool Suppressed);

/// <summary>
/// Reads an <see cref="AudienceTarget"/>'s contacts a chunk at a time, in the order of their ids (each chunk starts
/// after the last id of the one before, so a list of any size costs the same per chunk). The list, topic and
/// suppression tests run in the database; a segment's conditions run on each chunk, with the subscriptions they name.
/// </summary>
public sealed class Audience
{
    private readonly SmartSenderDbContext _db;
    private readonly AudienceTarget _target;
    private readonly Topic? _topic;
    private readonly SegmentTest? _test;

    private Audience(SmartSenderDbContext db, AudienceTarget target, Topic? topic, SegmentTest? test) =>
        (_db, _target, _topic, _test) = (db, target, topic, test);

    /// <summary>The target checked: its list, topic and segment belong to the account, and the segment's conditions still hold.</summary>
    /// <remarks>A <paramref name="draft"/> stands for a segment not saved yet (the editor's preview) where the target names none.</remarks>
    public static async Task<Result<Audience>> OpenAsync(SmartSenderDbContext db, AudienceTarget target, DateTime now, CancellationToken ct, SegmentDraft? draft = null)
    {
        if (!await db.ContactLists.AnyAsync(l => l.Id == target.ListId && l.AccountId == target.AccountId, ct))
        {
            return ContactErrors.ListNotFound();
        }

        Topic? topic = null;
        if (target.TopicId is { } topicId && (topic = await db.Topics.AsNoTracking().FirstOrDefaultAsync(t => t.Id == topicId && t.AccountId == target.AccountId, ct)) is null)
        {
            return ContactErrors.TopicNotFound();
        }

        SegmentTest? test = null;
        if (target.SegmentId is { } segmentId)
        {
            var segment = await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == segmentId && s.AccountId == target.AccountId, ct);
            if (segment is null)
            {
                return SegmentErrors.NotFound();
            }

            var compiled = await CompileAsync(db, target.AccountId, segment.Match, segment.Conditions, now, ct);
            if (!compiled.Succeeded)
            {
                return Result<Audience>.Failure(compiled.Errors);
            }

            test = compiled.Value;
        }

        else if (draft is not null)
        {
            var compiled = await CompileAsync(db, target.AccountId, draft.Match, draft.Conditions, now, ct);
            if (!compiled.Succeeded)
            {
                return Result<Audience>.Failure(compiled.Errors);
            }

            test = compiled.Value;
        }

        return Result<Audience>.Success(new Audience(db, target, topic, test));
    }

    /// <summary>A segment's conditions checked against the account's fields, lists and topics.</summary>
    public static async Task<Result<SegmentTest>> CompileAsync(
        SmartSenderDbContext db, Guid accountId, SegmentMatch match, IReadOnlyList<SegmentCondition> conditions, DateTime now, CancellationToken ct)
    {
        var fields = await db.ContactFields.AsNoTracking().Where(f => f.AccountId == accountId).ToDictionaryAsync(f => f.Name, f => f.Type, ct);
        var lists = (await db.ContactLists.AsNoTracking().Where(l => l.AccountId == accountId).Select(l => l.Id).ToListAsync(ct)).ToHashSet();
        var topics = (await db.Topics.AsNoTracking().Where(t => t.AccountId == accountId).Select(t => t.Id).ToListAsync(ct)).ToHashSet();
        return SegmentRules.Compile(match, conditions, fields, lists, topics, now);
    }

    public async Task<AudienceCount> CountAsync(CancellationToken ct)
    {
        if (_test is null)
        {
            // No conditions to run here: the database counts, the suppressed ones from the suppression list's side
            // (an account has far fewer suppressions than contacts).
            var selected = Selected();
            var accountId = _target.AccountId;
            // (EXISTS, not a join: without statistics SQLite would walk the contacts instead.)
            var suppressed = await _db.Suppressions.AsNoTracking().Where(s => s.AccountId == accountId)
                .CountAsync(s => _db.Set<Contact>().Any(c => c.AccountId == accountId && c.Email == s.Address && selected.Any(m => m.ContactId == c.Id)), ct);
            return new AudienceCount(await selected.CountAsync(ct), suppressed);
        }

        var (all, held) = (0, 0);
        await foreach (var chunk in ChunksAsync(ct))
        {
            all += chunk.Count;
            held += chunk.Count(m => m.Suppressed);
        }

        return new AudienceCount(all, held);
    }

    /// <summary>The selected contacts, <paramref name="size"/> at a time; those after the contact <paramref name="after"/> when given.</summary>
    public async IAsyncEnumerable<List<AudienceMember>> ChunksAsync([EnumeratorCancellation] CancellationToken ct, int size = 5_000, Guid? after = null)
    {
        var accountId = _target.AccountId;
        while (true)
        {
            // The list's memberships in contact order (its primary key), each joined to its contact.
            var query = Selected();
            if (after is { } last)
            {
                query = query.Where(m => m.ContactId.CompareTo(last) > 0);
            }

            var rows = await query
                .Join(_db.Contacts, m => m.ContactId, c => c.Id, (m, c) => new
                {
                    Id = m.ContactId, c.Email, c.Name, c.CreatedAt, c.FieldsJson,
                    Suppressed = _db.Set<Suppression>().Any(s => s.AccountId == accountId && s.Address == c.Email),
                })
                .OrderBy(r => r.Id).Take(size)
                .ToListAsync(ct);
            if (rows.Count == 0)
            {
                yield break;
            }

            // The database's order, which is not .NET's order of Guids.
            after = rows[^1].Id;
            if (_test is null)
            {
                yield return [.. rows.Select(r => new AudienceMember(r.Id, r.Email, r.Suppressed))];
                continue;
            }

            var ids = rows.Select(r => r.Id).ToList();
            var lists = await SubscribedListsAsync(ids, ct);
            var topics = await SubscribedTopicsAsync(ids, ct);
            yield return
            [
                .. rows.Where(r => _test.Matches(new SegmentContact(r.Email, r.Name, r.CreatedAt,
                        r.FieldsJson is null ? [] : JsonNode.Parse(r.FieldsJson)!.AsObject(), lists[r.Id].ToHashSet(), topics[r.Id].ToHashSet())))
                    .Select(r => new AudienceMember(r.Id, r.Email, r.Suppressed)),
            ];
        }
    }

    /// <summary>The list's subscribed memberships, on the topic when there is one (in the database).</summary>
    private IQueryable<ListMembership> Selected()
    {
        var listId = _target.ListId;
        var query = _db.ListMemberships.AsNoTracking().Where(m => m.ListId == listId && m.Status == SubscriptionStatus.Subscribed);
        if (_topic is { } topic)
        {
            var topicId = topic.Id;
            query = topic.SubscribedByDefault
                ? query.Where(m => !_db.Set<TopicSubscription>().Any(s => s.TopicId == topicId && s.ContactId == m.ContactId && s.Status != SubscriptionStatus.Subscribed))
                : query.Where(m => _db.Set<TopicSubscription>().Any(s => s.TopicId == topicId && s.ContactId == m.ContactId && s.Status == SubscriptionStatus.Subscribed));
        }

        return query;
    }

    private async Task<ILookup<Guid, Guid>> SubscribedListsAsync(List<Guid> ids, CancellationToken ct)
    {
        var named = _test!.Lists.ToList();
        if (named.Count == 0)
        {
            return Array.Empty<Guid>().ToLookup(g => g);
        }

        var rows = await _db.ListMemberships.AsNoTracking()
            .Where(m => ids.Contains(m.ContactId) && named.Contains(m.ListId) && m.Status == SubscriptionStatus.Subscribed)
            .Select(m => new { m.ContactId, m.ListId }).ToListAsync(ct);
        return rows.ToLookup(r => r.ContactId, r => r.ListId);
    }

    /// <summary>The named topics each contact is on: its own choice, or the topic's default where it made none.</summary>
    private async Task<ILookup<Guid, Guid>> SubscribedTopicsAsync(List<Guid> ids, CancellationToken ct)
    {
        var named = _test!.Topics.ToList();
        if (named.Count == 0)
        {
            return Array.Empty<Guid>().ToLookup(g => g);
        }

        var defaults = await _db.Topics.AsNoTracking().Where(t => named.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.SubscribedByDefault, ct);
        var choices = await _db.TopicSubscriptions.AsNoTracking().Where(s => ids.Contains(s.ContactId) && named.Contains(s.TopicId))
            .Select(s => new { s.ContactId, s.TopicId, s.Status }).ToListAsync(ct);
        var chosen = choices.ToDictionary(c => (c.ContactId, c.TopicId), c => c.Status == SubscriptionStatus.Subscribed);
        return ids.SelectMany(id => named.Where(t => chosen.TryGetValue((id, t), out var on) ? on : defaults.GetValueOrDefault(t)).Select(t => (id, t)))
            .ToLookup(p => p.id, p => p.t);
    }
}
