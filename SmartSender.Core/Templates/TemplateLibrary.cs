using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Templates;

/// <summary>An account's templates: create, save versions, restore, duplicate, archive. There is no delete.</summary>
public class TemplateLibrary(IDbContextFactory<SmartSenderDbContext> contexts, TemplateCache cache, TemplateRenderer renderer, TimeProvider clock)
{
    public const int MaxNameLength = 200;

    public async Task<Result<Template>> CreateAsync(Guid accountId, string? name, TemplateContent content, string? sampleVariables = null, CancellationToken ct = default)
    {
        name = name?.Trim() ?? "";
        var errors = Check(content, sampleVariables);
        if (name.Length is 0 or > MaxNameLength)
        {
            errors.Insert(0, TemplateErrors.NameRequired());
        }

        if (errors.Count > 0)
        {
            return Result<Template>.Failure(errors);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.Templates.AnyAsync(t => t.AccountId == accountId && t.Name == name, ct))
        {
            return TemplateErrors.NameTaken(name);
        }

        var template = Template.Create(accountId, name, content, Sample(sampleVariables), clock.GetUtcNow().UtcDateTime);
        db.Templates.Add(template);
        await db.SaveChangesAsync(ct);
        return Result<Template>.Success(template);
    }

    public async Task<Result<Template>> SaveAsync(Guid accountId, Guid templateId, TemplateContent content, string? sampleVariables = null, CancellationToken ct = default)
    {
        var errors = Check(content, sampleVariables);
        if (errors.Count > 0)
        {
            return Result<Template>.Failure(errors);
        }

        return await ChangeAsync(accountId, templateId, t => Done(t.SaveVersion(content, Sample(sampleVariables), Now())), ct);
    }

    public Task<Result<Template>> RestoreAsync(Guid accountId, Guid templateId, int version, CancellationToken ct = default) =>
        ChangeAsync(accountId, templateId, t => t.Restore(version, Now()) is null ? TemplateErrors.VersionNotFound(version) : null, ct);

    public Task<Result<Template>> ArchiveAsync(Guid accountId, Guid templateId, CancellationToken ct = default) =>
        ChangeAsync(accountId, templateId, t => Done(() => t.Archive(Now())), ct);

    public Task<Result<Template>> UnarchiveAsync(Guid accountId, Guid templateId, CancellationToken ct = default) =>
        ChangeAsync(accountId, templateId, t => Done(() => t.Unarchive(Now())), ct);

    /// <summary>A new template with the current content of another, named "… (copy)", "… (copy 2)", …</summary>
    public async Task<Result<Template>> DuplicateAsync(Guid accountId, Guid templateId, CancellationToken ct = default)
    {
        var original = await GetAsync(accountId, templateId, ct);
        if (original is null)
        {
            return TemplateErrors.NotFound();
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var names = await db.Templates.Where(t => t.AccountId == accountId).Select(t => t.Name).ToListAsync(ct);
        var name = Enumerable.Range(1, 1000).Select(i => i == 1 ? $"{original.Name} (copy)" : $"{original.Name} (copy {i})").First(n => !names.Contains(n));
        return await CreateAsync(accountId, name, original.Current.Content, original.Current.SampleVariables, ct);
    }

    public async Task<List<Template>> ListAsync(Guid accountId, bool includeArchived = false, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Templates.AsNoTracking().Include(t => t.Versions)
            .Where(t => t.AccountId == accountId && (includeArchived || !t.IsArchived))
            .OrderBy(t => t.Name).ToListAsync(ct);
    }

    public async Task<Template?> GetAsync(Guid accountId, Guid templateId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Templates.AsNoTracking().Include(t => t.Versions).FirstOrDefaultAsync(t => t.Id == templateId && t.AccountId == accountId, ct);
    }

    /// <summary>The version a message is rendered from: the template's current one, found by id or by name; not an archived template.</summary>
    public async Task<Result<TemplateVersion>> FindForSendingAsync(Guid accountId, string idOrName, CancellationToken ct = default)
    {
        var template = await cache.GetAsync((accountId, idOrName.Trim()), async key =>
        {
            await using var db = await contexts.CreateDbContextAsync();
            var query = db.Templates.AsNoTracking().Include(t => t.Versions).Where(t => t.AccountId == key.AccountId);
            return Guid.TryParse(key.IdOrName, out var id)
                ? await query.FirstOrDefaultAsync(t => t.Id == id)
                : await query.FirstOrDefaultAsync(t => t.Name == key.IdOrName);
        }, ct);
        return template switch
        {
            null => TemplateErrors.Unknown(),
            { IsArchived: true } => TemplateErrors.Archived(template.Name),
            _ => Result<TemplateVersion>.Success(template.Current),
        };
    }

    /// <summary>A template's id from its id or name, archived ones included (their mail still has statistics).</summary>
    public async Task<Guid?> FindIdAsync(Guid accountId, string idOrName, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.Templates.AsNoTracking().Where(t => t.AccountId == accountId);
        var found = Guid.TryParse(idOrName, out var id)
            ? await query.Where(t => t.Id == id).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct)
            : await query.Where(t => t.Name == idOrName.Trim()).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct);
        return found;
    }

    private List<Error> Check(TemplateContent content, string? sampleVariables)
    {
        var errors = new List<Error>();
        if (string.IsNullOrWhiteSpace(content.Subject))
        {
            errors.Add(TemplateErrors.SubjectRequired());
        }

        if (string.IsNullOrWhiteSpace(content.Html) && string.IsNullOrWhiteSpace(content.Text))
        {
            errors.Add(TemplateErrors.BodyRequired());
        }

        if (errors.Count == 0)
        {
            errors.AddRange(renderer.Parse(content).Errors);
        }

        if (!IsJsonObject(Sample(sampleVariables)))
        {
            errors.Add(TemplateErrors.VariablesNotAnObject());
        }

        return errors;
    }

    private static Error? Done(object _) => null;

    private static Error? Done(Action change)
    {
        change();
        return null;
    }

    private async Task<Result<Template>> ChangeAsync(Guid accountId, Guid templateId, Func<Template, Error?> change, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var template = await db.Templates.Include(t => t.Versions).FirstOrDefaultAsync(t => t.Id == templateId && t.AccountId == accountId, ct);
        if (template is null)
        {
            return TemplateErrors.NotFound();
        }

        if (change(template) is { } error)
        {
            return error;
        }

        await db.SaveChangesAsync(ct);
        return Result<Template>.Success(template);
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static string Sample(string? json) => string.IsNullOrWhiteSpace(json) ? "{}" : json;

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
