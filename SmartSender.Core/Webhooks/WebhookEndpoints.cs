using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Domains;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Webhooks;

/// <summary>An account's webhook endpoints and their recent deliveries; never another account's.</summary>
public sealed class WebhookEndpoints(
    IDbContextFactory<SmartSenderDbContext> contexts, WebhookUrlPolicy urls, ISecretProtector protector, TimeProvider clock, WebhookKick? kick = null)
{
    public const int MaxEndpointsPerAccount = 10;

    /// <summary>How long a rotated-out secret keeps signing beside the new one, so receivers can switch without losing a post.</summary>
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    /// <summary>The event type of a test post: it concerns no message and no account's figures.</summary>
    public const string TestEventType = "webhook.test";

    /// <param name="enabled">False adds it turned off: nothing is sent to it until it is turned on.</param>
    public async Task<Result<WebhookEndpoint>> AddAsync(Guid accountId, string? url, IReadOnlyCollection<MessageEventType> types, CancellationToken ct = default, bool enabled = true)
    {
        var errors = new List<Error>();
        var checkedUrl = await urls.CheckAsync(url, ct);
        errors.AddRange(checkedUrl.Errors);
        if (types.Count == 0)
        {
            errors.Add(new Error("webhook_types_required", "Choose at least one event type to receive.", "types"));
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.WebhookEndpoints.CountAsync(e => e.AccountId == accountId, ct) >= MaxEndpointsPerAccount)
        {
            errors.Add(new Error("webhook_limit", $"An account can have {MaxEndpointsPerAccount} webhook endpoints; remove one first."));
        }

        if (errors.Count > 0)
        {
            return Result<WebhookEndpoint>.Failure(errors);
        }

        var endpoint = new WebhookEndpoint(accountId, checkedUrl.Value!.AbsoluteUri, types, protector.Protect(WebhookSignature.NewSecret()), clock.GetUtcNow().UtcDateTime);
        endpoint.Change(null, null, enabled);
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(ct);
        if (enabled)
        {
            kick?.EndpointAdded();
        }

        return Result<WebhookEndpoint>.Success(endpoint);
    }

    public async Task<WebhookEndpoint?> FindAsync(Guid accountId, Guid endpointId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == endpointId && e.AccountId == accountId, ct);
    }

    /// <summary>Changes what is given (the URL, checked as when added; the event types; on or off) and keeps the rest.</summary>
    public async Task<Result<WebhookEndpoint>> UpdateAsync(
        Guid accountId, Guid endpointId, string? url, IReadOnlyCollection<MessageEventType>? types, bool? enabled, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == endpointId && e.AccountId == accountId, ct);
        if (endpoint is null)
        {
            return WebhookErrors.NotFound();
        }

        var errors = new List<Error>();
        string? absolute = null;
        if (url is not null)
        {
            var checkedUrl = await urls.CheckAsync(url, ct);
            errors.AddRange(checkedUrl.Errors);
            absolute = checkedUrl.Value?.AbsoluteUri;
        }

        if (types is { Count: 0 })
        {
            errors.Add(new Error("webhook_types_required", "Choose at least one event type to receive.", "types"));
        }

        if (errors.Count > 0)
        {
            return Result<WebhookEndpoint>.Failure(errors);
        }

        endpoint.Change(absolute, types, enabled);
        await db.SaveChangesAsync(ct);
        if (enabled == true)
        {
            kick?.EndpointAdded();
        }

        return Result<WebhookEndpoint>.Success(endpoint);
    }

    /// <summary>A new secret, returned once; the old one keeps signing beside it for <see cref="RotationOverlap"/>.</summary>
    public async Task<Result<(WebhookEndpoint Endpoint, string Secret)>> RotateSecretAsync(Guid accountId, Guid endpointId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == endpointId && e.AccountId == accountId, ct);
        if (endpoint is null)
        {
            return WebhookErrors.NotFound();
        }

        var secret = WebhookSignature.NewSecret();
        endpoint.Rotate(protector.Protect(secret), clock.GetUtcNow().UtcDateTime + RotationOverlap);
        await db.SaveChangesAsync(ct);
        return Result<(WebhookEndpoint, string)>.Success((endpoint, secret));
    }

    /// <summary>Queues a test post to the endpoint, signed like every other, even when it is turned off, and posts it now.</summary>
    public async Task<Result<WebhookDelivery>> SendTestAsync(Guid accountId, Guid endpointId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == endpointId && e.AccountId == accountId, ct);
        if (endpoint is null)
        {
            return WebhookErrors.NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var payload = System.Text.Json.JsonSerializer.Serialize(new { type = TestEventType, timestamp = now, data = new { endpointId = endpoint.Id, test = true } }, System.Text.Json.JsonSerializerOptions.Web);
        var delivery = new WebhookDelivery(endpoint, 0, TestEventType, payload, now);
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(ct);
        kick?.RunSoon();
        return Result<WebhookDelivery>.Success(delivery);
    }

    public async Task<List<WebhookEndpoint>> ListAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.WebhookEndpoints.AsNoTracking().Where(e => e.AccountId == accountId).OrderBy(e => e.CreatedAt).ToListAsync(ct);
    }

    /// <summary>The endpoint's <c>whsec_</c> secret, for the account's own receiver to verify signatures with.</summary>
    public async Task<string?> SecretAsync(Guid accountId, Guid endpointId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == endpointId && e.AccountId == accountId, ct);
        return endpoint is null ? null : protector.Unprotect(endpoint.ProtectedSecret);
    }

    /// <summary>Removes the endpoint and its deliveries; nothing more is sent to it.</summary>
    public async Task<bool> RemoveAsync(Guid accountId, Guid endpointId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.WebhookEndpoints.Where(e => e.Id == endpointId && e.AccountId == accountId).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>The newest deliveries of the account, or of one endpoint.</summary>
    public async Task<List<WebhookDelivery>> RecentDeliveriesAsync(Guid accountId, Guid? endpointId, int limit = 50, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.AccountId == accountId);
        if (endpointId is { } id)
        {
            query = query.Where(d => d.EndpointId == id);
        }

        return await query.OrderByDescending(d => d.CreatedAt).Take(Math.Clamp(limit, 1, 500)).ToListAsync(ct);
    }

    /// <summary>Sends the delivery's event again now, as a new delivery; null when it is not the account's.</summary>
    public async Task<WebhookDelivery?> ResendAsync(Guid accountId, Guid deliveryId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var delivery = await db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId && d.AccountId == accountId, ct);
        if (delivery is null)
        {
            return null;
        }

        var again = delivery.Again(clock.GetUtcNow().UtcDateTime);
        db.WebhookDeliveries.Add(again);
        await db.SaveChangesAsync(ct);
        kick?.RunSoon();
        return again;
    }
}
