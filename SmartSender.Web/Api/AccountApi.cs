using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartSender.Core.Accounts;
using SmartSender.Core.ApiKeys;
using SmartSender.Core.Audit;
using SmartSender.Core.Common;
using SmartSender.Core.Retention;
using SmartSender.Web.Auth;

namespace SmartSender.Web.Api;

/// <summary>The account for automation: its API keys (by a key of full scope) and its sending settings, as the Account page has them.</summary>
public static class AccountApi
{
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/v1/api-keys").RequireAuthorization(Policies.ApiKey).DisableAntiforgery().WithTags("Account");
        keys.MapGet("/", ListKeysAsync).WithSummary("The account's API keys, newest first (never their secrets)");
        keys.MapPost("/", CreateKeyAsync).WithSummary("Create an API key")
            .WithDescription("name; scope full (default) or send; domains (sending domains it may send from; all when empty); networks (addresses or CIDR ranges it may be used from; anywhere when empty); test (a test-mode key: its messages are checked and stored but never leave). The secret is in this answer only.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        keys.MapDelete("/{id:guid}", RevokeKeyAsync).WithSummary("Revoke an API key: refused from its next request")
            .ProducesProblem(StatusCodes.Status404NotFound);
        var settings = app.MapGroup("/api/v1/account/settings").RequireAuthorization(Policies.ApiKey).DisableAntiforgery().WithTags("Account");
        settings.MapGet("/", GetSettingsAsync).WithSummary("The account's sending settings");
        settings.MapPatch("/", SaveSettingsAsync).WithSummary("Change the account's sending settings")
            .WithDescription("Only what is given changes: culture (how templates format numbers and dates, e.g. de-DE), postal_address (printed in marketing footers), tracking (opens and clicks per stream, and the unsubscribe link of transactional mail).")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    public static async Task<Ok<List<ApiKeyView>>> ListKeysAsync(ClaimsPrincipal caller, ApiKeyService keys, CancellationToken ct) =>
        TypedResults.Ok((await keys.ListAsync(caller.GetAccountId(), ct)).Select(ApiKeyView.Of).ToList());

    public static async Task<Results<Created<CreatedApiKeyView>, ProblemHttpResult>> CreateKeyAsync(
        CreateApiKeyBody body, ClaimsPrincipal caller, ApiKeyService keys, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var scope = EnumName.Parse<ApiKeyScope>(body.Scope);
        if (!string.IsNullOrWhiteSpace(body.Scope) && scope is null)
        {
            return Problems.Invalid(new Error("scope_invalid", $"'{body.Scope}' is not a scope. Use full or send.", "scope"), http, "The key was not created");
        }

        var created = await keys.CreateAsync(caller.GetAccountId(), body.Name ?? "", scope ?? ApiKeyScope.Full, body.Domains, body.Networks, ct, body.Test);
        if (!created.Succeeded)
        {
            return Problems.For(created.Errors, http, "The key was not created");
        }

        var key = created.Value!.Key;
        await audit.RecordAsync(caller.GetAccountId(), AuditActor.ApiKey(caller.Identity?.Name ?? "", ClientAddress.Of(http)), AuditActions.ApiKeyCreated, key.Name,
            $"{key.Prefix}…, {key.Scope}{(key.Test ? ", test mode" : "")}", ct);
        return TypedResults.Created($"/api/v1/api-keys/{key.Id}", new CreatedApiKeyView(ApiKeyView.Of(key), created.Value.Secret));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(
        Guid id, ClaimsPrincipal caller, ApiKeyService keys, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var revoked = await keys.RevokeAsync(caller.GetAccountId(), id, ct);
        if (!revoked.Succeeded)
        {
            return Problems.For(revoked.Errors, http, "The key was not revoked");
        }

        await audit.RecordAsync(caller.GetAccountId(), AuditActor.ApiKey(caller.Identity?.Name ?? "", ClientAddress.Of(http)), AuditActions.ApiKeyRevoked,
            revoked.Value!.Name, $"{revoked.Value.Prefix}…", ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<AccountSettingsView>> GetSettingsAsync(ClaimsPrincipal caller, AccountSettings settings, CancellationToken ct) =>
        TypedResults.Ok(AccountSettingsView.Of(await settings.GetAsync(caller.GetAccountId(), ct)));

    public static async Task<Results<Ok<AccountSettingsView>, ProblemHttpResult>> SaveSettingsAsync(
        AccountSettingsBody body, ClaimsPrincipal caller, AccountSettings settings, HttpContext http, CancellationToken ct)
    {
        var accountId = caller.GetAccountId();
        var current = await settings.GetAsync(accountId, ct);
        if (body.ContentRetentionDays is < 0 or > Core.Retention.RetentionOptions.MaxDays)
        {
            return Problems.Invalid(new Error("retention_out_of_range", $"content_retention_days is 1–{Core.Retention.RetentionOptions.MaxDays}, or 0 for the operator's default.", "content_retention_days"), http, "The settings were not saved");
        }

        if (body.Culture is not null || body.PostalAddress is not null)
        {
            var saved = await settings.SaveAsync(accountId, body.Culture ?? current.Culture, body.PostalAddress ?? current.PostalAddress, ct);
            if (!saved.Succeeded)
            {
                return Problems.For(saved.Errors, http, "The settings were not saved");
            }
        }

        if (body.ContentRetentionDays is { } days)
        {
            var kept = await settings.SaveContentRetentionAsync(accountId, days == 0 ? null : days, ct);
            if (!kept.Succeeded)
            {
                return Problems.For(kept.Errors, http, "The settings were not saved");
            }
        }

        if (body.Tracking is { } tracking)
        {
            var now = current.Tracking;
            await settings.SaveTrackingAsync(accountId, new TrackingSettings(
                tracking.MarketingOpens ?? now.MarketingOpens, tracking.MarketingClicks ?? now.MarketingClicks, tracking.TransactionalOpens ?? now.TransactionalOpens,
                tracking.TransactionalClicks ?? now.TransactionalClicks, tracking.TransactionalUnsubscribe ?? now.TransactionalUnsubscribe), ct);
        }

        return TypedResults.Ok(AccountSettingsView.Of(await settings.GetAsync(accountId, ct)));
    }
}

public record ApiKeyView(
    Guid Id, string Name, string Prefix, string Scope, bool Test, IReadOnlyList<string> Domains, IReadOnlyList<string> Networks,
    DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt)
{
    public static ApiKeyView Of(ApiKey k) => new(
        k.Id, k.Name, k.Prefix + "…", k.Scope.ToString().ToLowerInvariant(), k.Test, k.Limits.Domains, [.. k.Limits.Networks.Select(n => n.ToString())],
        k.CreatedAt, k.LastUsedAt, k.RevokedAt);
}

/// <summary>A new key with its secret, shown in this answer only.</summary>
public record CreatedApiKeyView(ApiKeyView Key, string Secret);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public record CreateApiKeyBody(string? Name, string? Scope = null, IReadOnlyList<string>? Domains = null, IReadOnlyList<string>? Networks = null, bool Test = false);

public record TrackingView(
    [property: JsonPropertyName("marketing_opens")] bool? MarketingOpens, [property: JsonPropertyName("marketing_clicks")] bool? MarketingClicks,
    [property: JsonPropertyName("transactional_opens")] bool? TransactionalOpens, [property: JsonPropertyName("transactional_clicks")] bool? TransactionalClicks,
    [property: JsonPropertyName("transactional_unsubscribe")] bool? TransactionalUnsubscribe);

public record AccountSettingsView(string Culture, [property: JsonPropertyName("postal_address")] string? PostalAddress, TrackingView Tracking)
{
    /// <summary>Days message content is kept; null while the account uses the operator's default.</summary>
    [JsonPropertyName("content_retention_days")]
    public int? ContentRetentionDays { get; init; }

    public static AccountSettingsView Of(SendingSettings s) => new(s.Culture, s.PostalAddress, new TrackingView(
        s.Tracking.MarketingOpens, s.Tracking.MarketingClicks, s.Tracking.TransactionalOpens, s.Tracking.TransactionalClicks, s.Tracking.TransactionalUnsubscribe))
    {
        ContentRetentionDays = s.ContentRetentionDays,
    };
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public record AccountSettingsBody(string? Culture, [property: JsonPropertyName("postal_address")] string? PostalAddress, TrackingView? Tracking)
{
    /// <summary>Days message content is kept (1–3650); 0 returns to the operator's default.</summary>
    [JsonPropertyName("content_retention_days")]
    public int? ContentRetentionDays { get; init; }
}
