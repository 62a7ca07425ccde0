using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartSender.Core.Accounts;
using SmartSender.Core.Campaigns;
using SmartSender.Web.Auth;

namespace SmartSender.Web.Api;

public record CampaignFiguresView(
    int Recipients, int Queued, int Skipped, long Waiting, long Deferred, long Held, long Delivered, long Bounced, long Failed, long Cancelled,
    long Opened, long Clicked, long Unsubscribed, long Complained,
    [property: JsonPropertyName("open_rate")] double OpenRate, [property: JsonPropertyName("click_rate")] double ClickRate,
    [property: JsonPropertyName("unsubscribe_rate")] double UnsubscribeRate, [property: JsonPropertyName("complaint_rate")] double ComplaintRate)
{
    public static CampaignFiguresView Of(CampaignFigures f) => new(f.Recipients, f.Queued, f.Skipped, f.Waiting, f.Deferred, f.Held, f.Delivered, f.Bounced, f.Failed,
        f.Cancelled, f.Opened, f.Clicked, f.Unsubscribed, f.Complained, Math.Round(f.Rate(f.Opened), 4), Math.Round(f.Rate(f.Clicked), 4),
        Math.Round(f.Rate(f.Unsubscribed), 4), Math.Round(f.Rate(f.Complained), 4));
}

public record CampaignView(
    Guid Id, string Name, string Status, [property: JsonPropertyName("template_id")] Guid TemplateId, [property: JsonPropertyName("list_id")] Guid ListId,
    [property: JsonPropertyName("segment_id")] Guid? SegmentId, [property: JsonPropertyName("topic_id")] Guid? TopicId, string From,
    JsonElement? Defaults, [property: JsonPropertyName("send_at")] DateTime? SendAt, [property: JsonPropertyName("created_at")] DateTime CreatedAt,
    [property: JsonPropertyName("started_at")] DateTime? StartedAt, [property: JsonPropertyName("finished_at")] DateTime? FinishedAt,
    [property: JsonPropertyName("paused_because")] string? PausedBecause, [property: JsonPropertyName("pace_across_days")] bool PaceAcrossDays,
    [property: JsonPropertyName("waiting_until")] DateTime? WaitingUntil, CampaignFiguresView? Figures)
{
    public static CampaignView Of(Campaign c, CampaignFigures? figures = null) => new(c.Id, c.Name, c.Status.ToString().ToLowerInvariant(), c.TemplateId, c.ListId, c.SegmentId, c.TopicId, c.From,
        c.DefaultsJson is null ? null : JsonDocument.Parse(c.DefaultsJson).RootElement.Clone(), c.SendAt, c.CreatedAt, c.StartedAt, c.FinishedAt, c.PausedBecause,
        c.PaceAcrossDays, c.WaitingUntil,
        figures is null ? null : CampaignFiguresView.Of(figures));
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public record CampaignBody(
    string? Name, [property: JsonPropertyName("template_id")] Guid? TemplateId, [property: JsonPropertyName("list_id")] Guid? ListId, string? From, JsonElement? Defaults,
    [property: JsonPropertyName("segment_id")] Guid? SegmentId = null, [property: JsonPropertyName("topic_id")] Guid? TopicId = null)
{
    public CampaignDraft ToDraft() => new(Name, TemplateId, ListId, From, Defaults?.GetRawText(), SegmentId, TopicId);
}

/// <summary>How many contacts a campaign selects now, how many of them are suppressed, and how many it would go to.</summary>
public record AudienceView(int Selected, int Suppressed, int Recipients)
{
    public static AudienceView Of(Core.Contacts.Segments.AudienceCount c) => new(c.Selected, c.Suppressed, c.Recipients);
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public record CampaignSendBody([property: JsonPropertyName("send_at")] DateTimeOffset? SendAt,
    [property: JsonPropertyName("pace_across_days")] bool? PaceAcrossDays = null);

/// <summary>Campaigns: <c>/api/v1/campaigns</c>.</summary>
public static class CampaignsApi
{
    public static IEndpointRouteBuilder MapCampaignsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/campaigns").RequireAuthorization(Policies.ApiKey).DisableAntiforgery().WithTags("Campaigns");
        api.MapGet("/", ListAsync).WithSummary("The account's campaigns, newest first");
        api.MapPost("/", CreateAsync).WithSummary("Draft a campaign: a template, a list or a segment, and a From address")
            .WithDescription("list_id, or segment_id (a saved segment brings its list). topic_id: only contacts on the topic get it, and its unsubscribe link leaves the topic instead of the list. defaults: variable values for contacts that lack a field the template uses.");
        api.MapGet("/{id:guid}", GetAsync).WithSummary("A campaign with its figures");
        api.MapPut("/{id:guid}", ChangeAsync).WithSummary("Change a draft or scheduled campaign");
        api.MapGet("/{id:guid}/audience", AudienceAsync).WithSummary("Who it would go to now: the contacts its list, segment and topic select, minus suppressed addresses");
        api.MapPost("/{id:guid}/send", SendAsync).WithSummary("Send the campaign now, or at send_at")
            .WithDescription("Refused (422 campaign_over_quota) with the numbers when the account's remaining daily quota is smaller than the audience, unless pace_across_days is true: then it sends what the quota allows and goes on as room frees up (waiting_until).");
        api.MapPost("/{id:guid}/pause", PauseAsync).WithSummary("Pause: no more messages are queued, queued ones are held");
        api.MapPost("/{id:guid}/resume", ResumeAsync).WithSummary("Resume a paused campaign");
        api.MapPost("/{id:guid}/cancel", CancelAsync).WithSummary("Cancel: messages not sent yet are cancelled, sent ones are not touched");
        return app;
    }

    public static async Task<Ok<CampaignView[]>> ListAsync(ClaimsPrincipal caller, Campaigns campaigns, CancellationToken ct) =>
        TypedResults.Ok((await campaigns.ListAsync(caller.GetAccountId(), ct)).Select(c => CampaignView.Of(c)).ToArray());

    public static async Task<Results<Created<CampaignView>, ProblemHttpResult>> CreateAsync(CampaignBody body, ClaimsPrincipal caller, Campaigns campaigns, HttpContext http, CancellationToken ct)
    {
        var saved = await campaigns.SaveAsync(caller.GetAccountId(), null, body.ToDraft(), ct);
        return saved.Succeeded ? TypedResults.Created($"/api/v1/campaigns/{saved.Value!.Id}", CampaignView.Of(saved.Value)) : Problems.For(saved.Errors, http, "The campaign was not saved");
    }

    public static async Task<Results<Ok<CampaignView>, ProblemHttpResult>> ChangeAsync(
        Guid id, CampaignBody body, ClaimsPrincipal caller, Campaigns campaigns, HttpContext http, CancellationToken ct)
    {
        var saved = await campaigns.SaveAsync(caller.GetAccountId(), id, body.ToDraft(), ct);
        return saved.Succeeded ? TypedResults.Ok(CampaignView.Of(saved.Value!)) : Problems.For(saved.Errors, http, "The campaign was not saved");
    }

    public static async Task<Results<Ok<CampaignView>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal caller, Campaigns campaigns, CampaignStats stats, HttpContext http, CancellationToken ct) =>
        await campaigns.GetAsync(caller.GetAccountId(), id, ct) is { } campaign
            ? TypedResults.Ok(CampaignView.Of(campaign, await stats.FiguresAsync(campaign, ct)))
            : Problems.For([CampaignErrors.NotFound()], http, "Campaign not found");

    public static async Task<Results<Ok<AudienceView>, ProblemHttpResult>> AudienceAsync(Guid id, ClaimsPrincipal caller, Campaigns campaigns, HttpContext http, CancellationToken ct)
    {
        var audience = await campaigns.AudienceAsync(caller.GetAccountId(), id, ct);
        return audience.Succeeded ? TypedResults.Ok(AudienceView.Of(audience.Value!)) : Problems.For(audience.Errors, http, "The audience cannot be counted");
    }

    public static async Task<Results<Ok<CampaignView>, ProblemHttpResult>> SendAsync(
        Guid id, ClaimsPrincipal caller, Campaigns campaigns, HttpContext http, CancellationToken ct, CampaignSendBody? body = null) =>
        Answer(await campaigns.StartAsync(caller.GetAccountId(), id, body?.SendAt, ct, body?.PaceAcrossDays), http, "The campaign was not started");

    public static async Task<Results<Ok<CampaignView>, ProblemHttpResult>> PauseAsync(Guid id, ClaimsPrincipal caller, Campaigns campaigns, HttpContext http, CancellationToken ct) =>
        Answer(await campaigns.PauseAsync(caller.GetAccountId(), id, ct), http, "The campaign was not paused");

    public static async Task<Results<Ok<CampaignView>, ProblemHttpResult>> ResumeAsync(Guid id, ClaimsPrincipal caller, Campaigns campaigns, HttpContext http, CancellationToken ct) =>
        Answer(await campaigns.ResumeAsync(caller.GetAccountId(), id, ct), http, "The campaign was not resumed");

    public static async Task<Results<Ok<CampaignView>, ProblemHttpResult>> CancelAsync(Guid id, ClaimsPrincipal caller, Campaigns campaigns, HttpContext http, CancellationToken ct) =>
        Answer(await campaigns.CancelAsync(caller.GetAccountId(), id, ct), http, "The campaign was not cancelled");

    private static Results<Ok<CampaignView>, ProblemHttpResult> Answer(Core.Common.Result<Campaign> result, HttpContext http, string title) =>
        result.Succeeded ? TypedResults.Ok(CampaignView.Of(result.Value!)) : Problems.For(result.Errors, http, title);
}
