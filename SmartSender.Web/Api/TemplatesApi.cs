using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartSender.Core.Accounts;
using SmartSender.Core.Audit;
using SmartSender.Core.Messages;
using SmartSender.Core.Templates;
using SmartSender.Web.Auth;

namespace SmartSender.Web.Api;

/// <summary>
/// Templates through the API, as the dashboard's editor has them: list, get with versions, create, save a new version,
/// restore one, duplicate, archive and unarchive, and render with given variables (the editor's errors, by part and line).
/// </summary>
public static class TemplatesApi
{
    public static IEndpointRouteBuilder MapTemplatesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/templates").RequireAuthorization(Policies.ApiKey).DisableAntiforgery().WithTags("Templates");
        api.MapGet("/", ListAsync).WithSummary("The account's templates").WithDescription("Archived ones too with ?archived=true.");
        api.MapPost("/", CreateAsync).WithSummary("Create a template").WithDescription("Version 1 with the given subject and bodies. 400 naming each bad field; 422 with the part and line of a Liquid error.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/{id:guid}", GetAsync).WithSummary("A template with all its versions").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/versions", SaveAsync).WithSummary("Save a new version").WithDescription("It becomes the current version; messages sent before keep the version they were made from.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPost("/{id:guid}/versions/{number:int}/restore", RestoreAsync).WithSummary("Make an earlier version current again").WithDescription("Saved as a new version with that version's content.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/duplicate", DuplicateAsync).WithSummary("Copy a template under a new name").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/archive", ArchiveAsync).WithSummary("Archive a template").WithDescription("Sends naming it are refused (template_archived) until it is unarchived.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/unarchive", UnarchiveAsync).WithSummary("Bring an archived template back").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/render", RenderAsync).WithSummary("Render the current version with variables")
            .WithDescription("The subject, HTML and text a message would get (links not yet tracked, unsubscribe_url a preview link). 422 with the part and line of each error, or the missing variables.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    public static async Task<Ok<TemplateSummary[]>> ListAsync(ClaimsPrincipal caller, TemplateLibrary templates, CancellationToken ct, bool archived = false) =>
        TypedResults.Ok((await templates.ListAsync(caller.GetAccountId(), archived, ct)).Select(TemplateSummary.Of).ToArray());

    public static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal caller, TemplateLibrary templates, HttpContext http, CancellationToken ct) =>
        await templates.GetAsync(caller.GetAccountId(), id, ct) is { } template
            ? TypedResults.Ok(TemplateView.Of(template))
            : Problems.For([TemplateErrors.NotFound()], http, "Template not found");

    public static async Task<Results<Created<TemplateView>, ProblemHttpResult>> CreateAsync(
        CreateTemplateBody body, ClaimsPrincipal caller, TemplateLibrary templates, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var result = await templates.CreateAsync(caller.GetAccountId(), body.Name, body.Content, body.SampleVariablesJson, ct);
        if (!result.Succeeded)
        {
            return Problems.For(result.Errors, http, "The template was not created");
        }

        await RecordAsync(audit, caller, http, AuditActions.TemplateChanged, result.Value!, "version 1", ct);
        return TypedResults.Created($"/api/v1/templates/{result.Value!.Id}", TemplateView.Of(result.Value));
    }

    public static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> SaveAsync(
        Guid id, TemplateVersionBody body, ClaimsPrincipal caller, TemplateLibrary templates, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var result = await templates.SaveAsync(caller.GetAccountId(), id, body.Content, body.SampleVariablesJson, ct);
        if (!result.Succeeded)
        {
            return Problems.For(result.Errors, http, "The version was not saved");
        }

        await RecordAsync(audit, caller, http, AuditActions.TemplateChanged, result.Value!, $"version {result.Value!.CurrentVersion}", ct);
        return TypedResults.Ok(TemplateView.Of(result.Value));
    }

    public static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> RestoreAsync(
        Guid id, int number, ClaimsPrincipal caller, TemplateLibrary templates, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var result = await templates.RestoreAsync(caller.GetAccountId(), id, number, ct);
        if (!result.Succeeded)
        {
            return Problems.For(result.Errors, http, "The version was not restored");
        }

        await RecordAsync(audit, caller, http, AuditActions.TemplateChanged, result.Value!, $"version {number} restored as version {result.Value!.CurrentVersion}", ct);
        return TypedResults.Ok(TemplateView.Of(result.Value));
    }

    public static async Task<Results<Created<TemplateView>, ProblemHttpResult>> DuplicateAsync(
        Guid id, ClaimsPrincipal caller, TemplateLibrary templates, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var result = await templates.DuplicateAsync(caller.GetAccountId(), id, ct);
        if (!result.Succeeded)
        {
            return Problems.For(result.Errors, http, "The template was not duplicated");
        }

        await RecordAsync(audit, caller, http, AuditActions.TemplateChanged, result.Value!, "version 1 (a copy)", ct);
        return TypedResults.Created($"/api/v1/templates/{result.Value!.Id}", TemplateView.Of(result.Value));
    }

    public static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> ArchiveAsync(
        Guid id, ClaimsPrincipal caller, TemplateLibrary templates, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var result = await templates.ArchiveAsync(caller.GetAccountId(), id, ct);
        if (!result.Succeeded)
        {
            return Problems.For(result.Errors, http, "The template was not archived");
        }

        await RecordAsync(audit, caller, http, AuditActions.TemplateArchived, result.Value!, null, ct);
        return TypedResults.Ok(TemplateView.Of(result.Value!));
    }

    public static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> UnarchiveAsync(
        Guid id, ClaimsPrincipal caller, TemplateLibrary templates, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var result = await templates.UnarchiveAsync(caller.GetAccountId(), id, ct);
        if (!result.Succeeded)
        {
            return Problems.For(result.Errors, http, "The template was not unarchived");
        }

        await RecordAsync(audit, caller, http, AuditActions.TemplateChanged, result.Value!, "unarchived", ct);
        return TypedResults.Ok(TemplateView.Of(result.Value!));
    }

    public static async Task<Results<Ok<RenderedView>, ProblemHttpResult>> RenderAsync(
        Guid id, RenderBody? body, ClaimsPrincipal caller, TemplateLibrary templates, TemplatePreviewer previewer, HttpContext http, CancellationToken ct)
    {
        if (await templates.GetAsync(caller.GetAccountId(), id, ct) is not { } template)
        {
            return Problems.For([TemplateErrors.NotFound()], http, "Template not found");
        }

        var variables = body?.Variables is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } given ? given.GetRawText() : null;
        var preview = await previewer.PreviewAsync(caller.GetAccountId(), template.Current.Content, variables, ct);
        return preview.Rendered is { } rendered && preview.Errors.Count == 0
            ? TypedResults.Ok(new RenderedView(template.CurrentVersion, rendered.Subject, rendered.Html, rendered.Text))
            : Problems.For(preview.Errors, http, "The template could not be rendered");
    }

    private static Task RecordAsync(AuditLog audit, ClaimsPrincipal caller, HttpContext http, string action, Template template, string? detail, CancellationToken ct) =>
        audit.RecordAsync(caller.GetAccountId(), AuditActor.ApiKey(caller.Identity?.Name ?? "", ClientAddress.Of(http)), action, template.Name, detail, ct);
}

/// <summary>A version's content as the API takes it: subject, bodies and the sample variables the editor previews with.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public record TemplateVersionBody(string? Subject, string? Html, string? Text, [property: JsonPropertyName("sample_variables")] JsonElement? SampleVariables = null)
{
    [JsonIgnore]
    public TemplateContent Content => new(Subject ?? "", Html, Text);

    [JsonIgnore]
    public string? SampleVariablesJson => SampleVariables is { ValueKind: JsonValueKind.Object } sample ? sample.GetRawText() : null;
}

/// <summary>A new template: its name and its first version.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateTemplateBody(string? Name, string? Subject, string? Html, string? Text, JsonElement? SampleVariables = null)
    : TemplateVersionBody(Subject, Html, Text, SampleVariables);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RenderBody(JsonElement? Variables);

public sealed record TemplateSummary(Guid Id, string Name, bool Archived, int CurrentVersion, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static TemplateSummary Of(Template t) => new(t.Id, t.Name, t.IsArchived, t.CurrentVersion, t.CreatedAt, t.UpdatedAt);
}

public sealed record TemplateVersionView(int Number, string Subject, string? Html, string? Text, JsonElement SampleVariables, DateTime CreatedAt);

public sealed record TemplateView(Guid Id, string Name, bool Archived, int CurrentVersion, DateTime CreatedAt, DateTime UpdatedAt, TemplateVersionView[] Versions)
{
    public static TemplateView Of(Template t) => new(
        t.Id, t.Name, t.IsArchived, t.CurrentVersion, t.CreatedAt, t.UpdatedAt,
        [.. t.Versions.OrderByDescending(v => v.Number).Select(v => new TemplateVersionView(v.Number, v.Subject, v.Html, v.Text, Sample(v.SampleVariables), v.CreatedAt))]);

    private static JsonElement Sample(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonDocument.Parse("{}").RootElement.Clone();
        }
    }
}

public sealed record RenderedView(int Version, string Subject, string? Html, string Text);
