using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Contacts.Segments;

/// <summary>What a segment selects now: how many, and the first few addresses.</summary>
public sealed record SegmentPreview(AudienceCount Count, IReadOnlyList<string> First);

/// <summary>An account's saved segments: listed, saved (each condition checked), deleted, and previewed.</summary>
public sealed class SegmentBook(IDbContextFactory<SmartSenderDbContext> contexts, TimeProvider clock, IEnumerable<ISegmentUsers> users)
{
    public async Task<List<Segment>> ListAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Segments.AsNoTracking().Where(s => s.AccountId == accountId).OrderBy(s => s.Name).ToListAsync(ct);
    }

    public async Task<Segment?> GetAsync(Guid accountId, Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.AccountId == accountId, ct);
    }

    /// <summary>Creates a segment, or changes one when <paramref name="id"/> is given.</summary>
    public async Task<Result<Segment>> SaveAsync(
        Guid accountId, Guid? id, string? name, Guid? listId, string? match, IReadOnlyList<SegmentCondition>? conditions, CancellationToken ct = default)
    {
        var errors = new List<Error>();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > Segment.NameLength)
        {
            errors.Add(SegmentErrors.NameRequired());
        }

        var how = EnumName.Parse<SegmentMatch>(match ?? "all");
        if (how is null)
        {
            errors.Add(SegmentErrors.MatchUnknown());
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (listId is null || !await db.ContactLists.AnyAsync(l => l.Id == listId && l.AccountId == accountId, ct))
        {
            errors.Add(ContactErrors.ListNotFound() with { Field = "list_id" });
        }

        var given = conditions ?? [];
        var compiled = await Audience.CompileAsync(db, accountId, how ?? SegmentMatch.All, given, clock.GetUtcNow().UtcDateTime, ct);
        errors.AddRange(compiled.Errors);
        var trimmed = name?.Trim() ?? "";
        if (errors.Count == 0 && await db.Segments.AnyAsync(s => s.AccountId == accountId && s.Name == trimmed && s.Id != id, ct))
        {
            errors.Add(SegmentErrors.NameTaken(trimmed));
        }

        if (errors.Count > 0)
        {
            return Result<Segment>.Failure(errors);
        }

        var clean = given.Select(c => new SegmentCondition(c.Field.Trim(), c.Op.Trim().ToLowerInvariant(), string.IsNullOrWhiteSpace(c.Value) ? null : c.Value.Trim())).ToList();
        Segment? segment;
        if (id is null)
        {
            segment = new Segment(accountId, trimmed, listId!.Value, how!.Value, clean, clock.GetUtcNow().UtcDateTime);
            db.Segments.Add(segment);
        }
        else
        {
            segment = await db.Segments.FirstOrDefaultAsync(s => s.Id == id && s.AccountId == accountId, ct);
            if (segment is null)
            {
                return SegmentErrors.NotFound();
            }

            segment.Edit(trimmed, listId!.Value, how!.Value, clean);
        }

        await db.SaveChangesAsync(ct);
        return Result<Segment>.Success(segment);
    }

    public async Task<Result<bool>> DeleteAsync(Guid accountId, Guid id, CancellationToken ct = default)
    {
        foreach (var user in users)
        {
            if (await user.UseAsync(accountId, id, ct))
            {
                return SegmentErrors.InUse();
            }
        }

        await using var db = await contexts.CreateDbContextAsync(ct);

        var deleted = await db.Segments.Where(s => s.Id == id && s.AccountId == accountId).ExecuteDeleteAsync(ct);
        return deleted == 0 ? SegmentErrors.NotFound() : Result<bool>.Success(true);
    }

    /// <summary>How many contacts the segment selects now (on a topic, when given) and the first addresses among them.</summary>
    public async Task<Result<SegmentPreview>> PreviewAsync(Guid accountId, Guid id, Guid? topicId = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var segment = await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.AccountId == accountId, ct);
        if (segment is null)
        {
            return SegmentErrors.NotFound();
        }

        return await PreviewAsync(db, new AudienceTarget(accountId, segment.ListId, topicId, id), null, ct);
    }

    /// <summary>What conditions not saved yet would select on a list (and a topic, when given): the segment editor's preview.</summary>
    public async Task<Result<SegmentPreview>> PreviewDraftAsync(Guid accountId, Guid listId, Guid? topicId, SegmentDraft draft, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await PreviewAsync(db, new AudienceTarget(accountId, listId, topicId, null), draft, ct);
    }

    private async Task<Result<SegmentPreview>> PreviewAsync(SmartSenderDbContext db, AudienceTarget target, SegmentDraft? draft, CancellationToken ct)
    {
        var audience = await Audience.OpenAsync(db, target, clock.GetUtcNow().UtcDateTime, ct, draft);
        if (!audience.Succeeded)
        {
            return Result<SegmentPreview>.Failure(audience.Errors);
        }

        var (all, held, first) = (0, 0, new List<string>());
        await foreach (var chunk in audience.Value!.ChunksAsync(ct))
        {
            all += chunk.Count;
            held += chunk.Count(m => m.Suppressed);
            first.AddRange(chunk.Where(m => !m.Suppressed).Take(10 - first.Count).Select(m => m.Email));
        }

        return Result<SegmentPreview>.Success(new SegmentPreview(new AudienceCount(all, held), first));
    }
}
