using System.Net;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Tracking;

namespace SmartSender.Web.Tracking;

/// <summary>
/// The anonymous endpoints recipients' mail clients reach: the open pixel, tracked links and the unsubscribe page.
/// Opens and clicks are queued, not written, on the request path. Unknown tokens get a plain 404, never a redirect,
/// and no answer says anything about any other message.
/// </summary>
public static class TrackingEndpoints
{
    // A transparent 1×1 GIF.
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    /// <summary>Where a TLS front end asks whether a name is one of the tracking hosts (<c>?domain=track.shop.example</c>).</summary>
    public const string TlsAskPath = "/tls/allowed";

    public static IEndpointRouteBuilder MapTrackingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/o/{token}.gif", ["GET", "HEAD"], async (string token, HttpContext http, TrackingEvents events, TimeProvider clock) =>
        {
            if (TrackingLookup.LooksLikeToken(token))
            {
                await events.RecordAsync(Hit(http, token, MessageEventType.Opened, null, clock), http.RequestAborted);
            }

            http.Response.Headers.CacheControl = "no-store, no-cache, must-revalidate, private";
            return Results.File(Pixel, "image/gif");
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapMethods("/c/{token}/{index:int}", ["GET", "HEAD"], async (string token, int index, HttpContext http, TrackingLookup lookup, TrackingEvents events, TimeProvider clock) =>
        {
            if (await lookup.LinkAsync(token, index, http.RequestAborted) is not { } url || RedirectTarget.For(url) is not { } location)
            {
                return NotFound();
            }

            // Recorded only now that the redirect can be answered.
            await events.RecordAsync(Hit(http, token, MessageEventType.Clicked, url, clock), http.RequestAborted);
            http.Response.Headers.CacheControl = "no-store, private";
            return Results.Redirect(location, permanent: false);
        }).AllowAnonymous().ExcludeFromDescription();

        // The pixel and the links are only ever fetched: anything else is told so, not taken for a form post.
        foreach (var pattern in new[] { "/o/{token}.gif", "/c/{token}/{index:int}" })
        {
            app.MapMethods(pattern, ["POST", "PUT", "PATCH", "DELETE"], (HttpContext http) =>
            {
                http.Response.Headers.Allow = "GET, HEAD";
                return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
            }).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        }

        // Caddy's on_demand_tls "ask": 200 lets it get a certificate for the name, anything else refuses.
        app.MapGet(TlsAskPath, async (string? domain, TrackingHosts hosts, CancellationToken ct) =>
            await hosts.IsServedAsync(domain, ct) ? Results.Ok() : Results.NotFound()).ExcludeFromDescription();

        app.MapGet("/u/{token}", async (string token, HttpContext http, TrackingLookup lookup) =>
            await lookup.RecipientAsync(token, http.RequestAborted) is { } address
                ? Page("Unsubscribe", $"""
                    <h1>Unsubscribe</h1>
                    <p>Stop marketing mail from this sender to <strong>{WebUtility.HtmlEncode(address)}</strong>?</p>
                    <form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>
                    <p class="small">Messages you need, such as receipts and password resets, still arrive.</p>
                    """)
                : NotFound()).AllowAnonymous().ExcludeFromDescription();

        // RFC 8058 one-click: a POST with no cookie and no login unsubscribes at once; the page's button posts the same.
        app.MapPost("/u/{token}", async (string token, HttpContext http, TrackingLookup lookup) =>
        {
            var evidence = $"one-click unsubscribe; User-Agent: {http.Request.Headers.UserAgent}; IP: {http.Connection.RemoteIpAddress}";
            return await lookup.UnsubscribeAsync(token, evidence, http.RequestAborted)
                ? Page("Unsubscribed", "<h1>You are unsubscribed</h1><p>You will get no more marketing mail from this sender.</p>")
                : NotFound();
        }).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();

        return app;
    }

    private static TrackingHit Hit(HttpContext http, string token, MessageEventType type, string? url, TimeProvider clock) => new(
        token, type, url, http.Request.Headers.UserAgent.ToString(), http.Connection.RemoteIpAddress?.ToString(),
        HttpMethods.IsHead(http.Request.Method), clock.GetUtcNow().UtcDateTime);

    private static IResult NotFound() =>
        Page("Not found", "<h1>Not found</h1><p>This link is not valid. It may have been copied incompletely.</p>", StatusCodes.Status404NotFound);

    private static IResult Page(string title, string body, int status = StatusCodes.Status200OK) => Results.Content($$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><title>{{title}}</title>
        <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2937}button{font-size:1rem;padding:.6rem 1.2rem;border-radius:6px;border:0;background:#2563eb;color:#fff;cursor:pointer}.small{color:#6b7280;font-size:.9rem}</style>
        </head><body>{{body}}</body></html>
        """, "text/html; charset=utf-8", statusCode: status);
}
