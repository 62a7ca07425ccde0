using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartSender.Core.Accounts;
using SmartSender.Core.Analytics.Stats;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Templates;
using SmartSender.Web.Auth;

namespace SmartSender.Web.Api;

public record StatsCountsView(
    long Submitted, long Delivered, long Deferred, long HardBounced, long SoftBounced, long Opened, long Clicked, long Opens, long Clicks,
    long MachineOpensAndClicks, long Unsubscribed, long Complained,
    double? DeliveryRate, double? BounceRate, double? ComplaintRate, double? OpenRate, double? ClickRate)
{
    public static StatsCountsView Of(StatsCounts c) => new(
        c.Submitted, c.Delivered, c.Deferred, c.HardBounced, c.SoftBounced, c.Opened, c.Clicked, c.Opens, c.Clicks,
        c.MachineOpensAndClicks, c.Unsubscribed, c.Complained, c.DeliveryRate, c.BounceRate, c.ComplaintRate, c.OpenRate, c.ClickRate);
}

public record StatsPointView(DateTime Bucket, StatsCountsView Counts);

public record StatsView(
    DateTime From,
    DateTime To,
    string Bucket,
    StatsCountsView Totals,
    IReadOnlyList<StatsPointView> Series,
    IReadOnlyList<ProviderStats> Providers,
    IReadOnlyList<ReasonCount> BounceReasons,
    IReadOnlyList<LinkClicks> TopLinks);

public static class StatsApi
{
    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/stats", GetAsync).RequireAuthorization(Policies.ApiKey).WithTags("Stats")
            .WithSummary("The series the Analytics charts draw")
            .WithDescription("from and to (ISO 8601, UTC; the last 30 days by default), bucket (hour or day; hours for ranges up to 3 days by default, at most 31 days of hours), and optional domain, stream (transactional or marketing), template (id or name), campaign (id) and tag. Opened and clicked count messages opened or clicked by people; machine opens and clicks are counted apart.");
        return app;
    }

    public static async Task<Results<Ok<StatsView>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal caller, AccountStats stats, TemplateLibrary templates, Core.Campaigns.Campaigns campaigns, TimeProvider clock, HttpContext http, CancellationToken ct,
        DateTime? from = null, DateTime? to = null, string? bucket = null, string? domain = null, string? stream = null, string? template = null, string? tag = null,
        Guid? campaign = null)
    {
        var accountId = caller.GetAccountId();
        var errors = new List<Error>();
        var size = EnumName.Parse<StatsBucket>(bucket);
        if (bucket is not null && size is null)
        {
            errors.Add(new Error("bucket_unknown", "The bucket must be hour or day.", "bucket"));
        }

        var streamFilter = EnumName.Parse<MessageStream>(stream);
        if (stream is not null && streamFilter is null)
        {
            errors.Add(new Error("stream_unknown", "The stream must be transactional or marketing.", "stream"));
        }

        Guid? templateId = null;
        if (!string.IsNullOrWhiteSpace(template))
        {
            templateId = await templates.FindIdAsync(accountId, template, ct);
            if (templateId is null)
            {
                errors.Add(new Error("template_not_found", $"The account has no template '{template}'.", "template"));
            }
        }

        if (campaign is { } campaignId && await campaigns.GetAsync(accountId, campaignId, ct) is null)
        {
            errors.Add(new Error("campaign_not_found", "The account has no such campaign.", "campaign"));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var range = StatsFilter.Create(from ?? now.Date.AddDays(-29), to ?? now.Date.AddDays(1), size);
        errors.AddRange(range.Errors);
        if (errors.Count > 0)
        {
            return Problems.For(errors, http, "The stats query is not valid");
        }

        var filter = range.Value! with
        {
            Domain = string.IsNullOrWhiteSpace(domain) ? null : domain.Trim().ToLowerInvariant(),
            Stream = streamFilter,
            TemplateId = templateId,
            CampaignId = campaign,
            Tag = string.IsNullOrWhiteSpace(tag) ? null : tag.Trim(),
        };
        var report = await stats.ReportAsync(accountId, filter, ct);
        return TypedResults.Ok(new StatsView(
            filter.From, filter.To, filter.Bucket.ToString().ToLowerInvariant(), StatsCountsView.Of(report.Totals),
            [.. report.Series.Select(p => new StatsPointView(p.Bucket, StatsCountsView.Of(p.Counts)))],
            report.Providers, report.BounceReasons, report.TopLinks));
    }
}
