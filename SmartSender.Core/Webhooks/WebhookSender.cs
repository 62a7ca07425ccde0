using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Domains;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Webhooks;

/// <summary>
/// Posts due deliveries, signed, to their endpoints. A 2xx answer delivers; anything else (a redirect too: redirects
/// are not followed) is tried again after the next of <see cref="WebhookOptions.RetryDelays"/>, and after the last
/// the delivery has failed and its endpoint is marked failing. Connections go only to addresses the
/// <see cref="WebhookUrlPolicy"/> allows, checked at connect time.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private const int BatchSize = 50;
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(2);

    private readonly IDbContextFactory<SmartSenderDbContext> _contexts;
    private readonly IOptions<WebhookOptions> _options;
    private readonly WebhookUrlPolicy _policy;
    private readonly ISecretProtector _protector;
    private readonly TimeProvider _clock;
    private readonly ILogger<WebhookSender> _logger;
    private readonly HttpClient _http;

    public WebhookSender(
        IDbContextFactory<SmartSenderDbContext> contexts, IOptions<WebhookOptions> options, WebhookUrlPolicy policy, ISecretProtector protector,
        TimeProvider clock, ILogger<WebhookSender> logger)
    {
        (_contexts, _options, _policy, _protector, _clock, _logger) = (contexts, options, policy, protector, clock, logger);
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds),
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("SmartSender-Webhooks/1.0");
    }

    /// <summary>Sends every delivery that is due; returns how many were tried.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        var tried = 0;
        while (await ClaimAsync(ct) is { Count: > 0 } batch)
        {
            await using var db = await _contexts.CreateDbContextAsync(ct);
            var deliveries = await db.WebhookDeliveries.Where(d => batch.Contains(d.Id)).ToListAsync(ct);
            var endpointIds = deliveries.Select(d => d.EndpointId).Distinct().ToList();
            var endpoints = await db.WebhookEndpoints.Where(e => endpointIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
            // Endpoints in parallel; each endpoint's deliveries one after another, in the order the events happened.
            var perEndpoint = deliveries.OrderBy(d => d.NextAttemptAt).ThenBy(d => d.EventId).GroupBy(d => d.EndpointId);
            await Parallel.ForEachAsync(perEndpoint, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (group, token) =>
            {
                if (endpoints.TryGetValue(group.Key, out var endpoint))
                {
                    foreach (var delivery in group)
                    {
                        await PostAsync(delivery, endpoint, token);
                    }
                }
            });

            foreach (var endpoint in endpoints.Values)
            {
                var outcomes = deliveries.Where(d => d.EndpointId == endpoint.Id).ToList();
                if (outcomes.Any(d => d.State == WebhookDeliveryState.Delivered))
                {
                    endpoint.MarkWorking();
                }
                else if (outcomes.FirstOrDefault(d => d.State == WebhookDeliveryState.Failed) is { } failed)
                {
                    endpoint.MarkFailing($"{failed.LastStatusCode?.ToString() ?? "no answer"}: {failed.LastError}", _clock.GetUtcNow().UtcDateTime);
                    _logger.LogWarning("Webhook endpoint {Url} of account {Account} is failing: {Error}", endpoint.Url, endpoint.AccountId, failed.LastError);
                }
            }

            await db.SaveChangesAsync(ct);
            tried += deliveries.Count;
        }

        return tried;
    }

    public void Dispose() => _http.Dispose();

    private async Task<List<Guid>> ClaimAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var claim = Guid.NewGuid();
        await using var db = await _contexts.CreateDbContextAsync(ct);
        var due = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.State == WebhookDeliveryState.Pending && d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil < now)
                && db.Set<Account>().Any(a => a.Id == d.AccountId && a.ClosedAt == null))
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.EventId).Select(d => d.Id).Take(BatchSize).ToListAsync(ct);
        if (due.Count == 0)
        {
            return [];
        }

        using var gate = await SqliteWriteGate.EnterAsync(db, ct);
        await db.WebhookDeliveries
            .Where(d => due.Contains(d.Id) && d.State == WebhookDeliveryState.Pending && (d.ClaimedUntil == null || d.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimId, claim).SetProperty(d => d.ClaimedUntil, now + Hold), ct);
        return await db.WebhookDeliveries.AsNoTracking().Where(d => d.ClaimId == claim).Select(d => d.Id).ToListAsync(ct);
    }

    private async Task PostAsync(WebhookDelivery delivery, WebhookEndpoint endpoint, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", delivery.MessageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString());
        // During a rotation's overlap both secrets sign, space-separated: a receiver with either verifies (Standard Webhooks).
        request.Headers.Add("webhook-signature", string.Join(' ', endpoint.ProtectedSecretsAt(now.UtcDateTime)
            .Select(secret => WebhookSignature.Sign(_protector.Unprotect(secret), delivery.MessageId, timestamp, delivery.Payload))));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                delivery.Succeeded(status, now.UtcDateTime);
                WebhookMetrics.Posted(true);
                return;
            }

            var body = await ReadSomeAsync(response, ct);
            Fail(delivery, status, status is >= 300 and < 400 ? $"redirect to {response.Headers.Location} (not followed)" : $"HTTP {status} {body}".Trim(), now.UtcDateTime);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            Fail(delivery, null, ex is TaskCanceledException ? $"no answer within {_options.Value.TimeoutSeconds} s" : ex.Message, now.UtcDateTime);
        }
    }

    private void Fail(WebhookDelivery delivery, int? status, string error, DateTime now)
    {
        WebhookMetrics.Posted(false);
        var delays = _options.Value.RetryDelays;
        DateTime? retryAt = delivery.Attempts < delays.Count ? now + delays[delivery.Attempts] : null;
        delivery.Failed(status, error.Length > 1000 ? error[..1000] : error, retryAt, now);
    }

    private static async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        return text.Length > 200 ? text[..200] : text;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await System.Net.Dns.GetHostAddressesAsync(host, ct);
        if (addresses.Length == 0 || addresses.Any(a => !_policy.IsAllowed(a)))
        {
            throw new HttpRequestException($"{host} resolves to an address webhooks may not reach ({string.Join(", ", addresses.Select(a => a.ToString()))}).");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
