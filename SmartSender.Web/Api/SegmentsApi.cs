using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartSender.Core.Accounts;
using SmartSender.Core.Contacts.Segments;
using SmartSender.Web.Auth;

namespace SmartSender.Web.Api;

public record SegmentConditionView(string Field, string Op, string? Value);

public record SegmentView(Guid Id, string Name, [property: JsonPropertyName("list_id")] Guid ListId, string Match, IReadOnlyList<SegmentConditionView> Conditions,
    [property: JsonPropertyName("created_at")] DateTime CreatedAt)
{
    public static SegmentView Of(Segment s) => new(s.Id, s.Name, s.ListId, s.Match.ToString().ToLowerInvariant(),
        [.. s.Conditions.Select(c => new SegmentConditionView(c.Field, c.Op, c.Value))], s.CreatedAt);
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public record SegmentConditionBody(string? Field, string? Op, string? Value);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public record SegmentBody(string? Name, [property: JsonPropertyName("list_id")] Guid? ListId, string? Match, IReadOnlyList<SegmentConditionBody>? Conditions)
{
    public IReadOnlyList<SegmentCondition> ToConditions() => [.. (Conditions ?? []).Select(c => new SegmentCondition(c.Field ?? "", c.Op ?? "", c.Value))];
}

public record SegmentPreviewView(int Selected, int Suppressed, int Recipients, IReadOnlyList<string> First);

/// <summary>Saved segments of a list: <c>/api/v1/segments</c>.</summary>
public static class SegmentsApi
{
    public static IEndpointRouteBuilder MapSegmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/segments").RequireAuthorization(Policies.ApiKey).DisableAntiforgery().WithTags("Contacts");
        api.MapGet("/", ListAsync).WithSummary("The account's segments");
        api.MapPost("/", CreateAsync).WithSummary("Save a segment: the subscribed contacts of a list that meet conditions")
            .WithDescription("match: all or any. Each condition has a field (email, name, created_at, a custom field, list:<id>, topic:<id>), an op that fits "
                + "the field's type (text: equals, not_equals, contains, not_contains, starts_with, ends_with, is_set, is_not_set; number: equals, not_equals, "
                + "gt, gte, lt, lte, is_set, is_not_set; date: on, before, after, in_last_days, is_set, is_not_set; boolean: is_true, is_false, is_set, is_not_set; "
                + "list and topic: subscribed, not_subscribed) and a value where the op takes one.");
        api.MapGet("/{id:guid}", GetAsync).WithSummary("A segment");
        api.MapPut("/{id:guid}", UpdateAsync).WithSummary("Change a segment");
        api.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete a segment that no campaign still to be sent uses");
        api.MapGet("/{id:guid}/preview", PreviewAsync).WithSummary("How many contacts the segment selects now, and the first ten addresses")
            .WithDescription("topic_id narrows to the contacts who get that topic's mail. suppressed: selected addresses that get no marketing mail.");
        return app;
    }

    public static async Task<Ok<SegmentView[]>> ListAsync(ClaimsPrincipal caller, SegmentBook segments, CancellationToken ct) =>
        TypedResults.Ok((await segments.ListAsync(caller.GetAccountId(), ct)).Select(SegmentView.Of).ToArray());

    public static async Task<Results<Created<SegmentView>, ProblemHttpResult>> CreateAsync(SegmentBody body, ClaimsPrincipal caller, SegmentBook segments, HttpContext http, CancellationToken ct)
    {
        var saved = await segments.SaveAsync(caller.GetAccountId(), null, body.Name, body.ListId, body.Match, body.ToConditions(), ct);
        return saved.Succeeded ? TypedResults.Created($"/api/v1/segments/{saved.Value!.Id}", SegmentView.Of(saved.Value)) : Problems.For(saved.Errors, http, "The segment was not saved");
    }

    public static async Task<Results<Ok<SegmentView>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal caller, SegmentBook segments, HttpContext http, CancellationToken ct) =>
        await segments.GetAsync(caller.GetAccountId(), id, ct) is { } segment
            ? TypedResults.Ok(SegmentView.Of(segment))
            : Problems.For([SegmentErrors.NotFound()], http, "Segment not found");

    public static async Task<Results<Ok<SegmentView>, ProblemHttpResult>> UpdateAsync(Guid id, SegmentBody body, ClaimsPrincipal caller, SegmentBook segments, HttpContext http, CancellationToken ct)
    {
        var saved = await segments.SaveAsync(caller.GetAccountId(), id, body.Name, body.ListId, body.Match, body.ToConditions(), ct);
        return saved.Succeeded ? TypedResults.Ok(SegmentView.Of(saved.Value!)) : Problems.For(saved.Errors, http, "The segment was not saved");
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, ClaimsPrincipal caller, SegmentBook segments, HttpContext http, CancellationToken ct)
    {
        var deleted = await segments.DeleteAsync(caller.GetAccountId(), id, ct);
        return deleted.Succeeded ? TypedResults.NoContent() : Problems.For(deleted.Errors, http, "The segment was not deleted");
    }

    public static async Task<Results<Ok<SegmentPreviewView>, ProblemHttpResult>> PreviewAsync(
        Guid id, ClaimsPrincipal caller, SegmentBook segments, HttpContext http, CancellationToken ct, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "topic_id")] Guid? topicId = null)
    {
        var preview = await segments.PreviewAsync(caller.GetAccountId(), id, topicId, ct);
        return preview.Succeeded
            ? TypedResults.Ok(new SegmentPreviewView(preview.Value!.Count.Selected, preview.Value.Count.Suppressed, preview.Value.Count.Recipients, preview.Value.First))
            : Problems.For(preview.Errors, http, "No preview");
    }
}
