using System.Security.Cryptography;
using SmartSender.Web.Api;
using SmartSender.Web.Jobs;

namespace SmartSender.Web.Hosting;

/// <summary>
/// Headers every response carries: <c>X-Content-Type-Options: nosniff</c>, a <c>Referrer-Policy</c> that gives other
/// sites the origin at most, no framing by any other page, and a Content-Security-Policy that allows only what each
/// part of the app loads. The dashboard runs only its own scripts (Blazor, MudBlazor, Chart.js) and its import map by
/// a per-request nonce; MudBlazor's inline styles and remote images in message previews are allowed. The recipient
/// pages (unsubscribe, pixel, links) load nothing but their inline style. HSTS is added by <c>UseHsts</c> outside
/// Development, on https only.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "SmartSender.CspNonce";

    /// <summary>The nonce the page's inline script (the import map) must carry.</summary>
    public static string? NonceOf(HttpContext? http) => http?.Items[NonceKey] as string;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        // Decided before the page renders, which needs the nonce.
        var policy = PolicyFor(http);
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = policy;
            return Task.CompletedTask;
        });
        return next(http);
    });

    private static string PolicyFor(HttpContext http)
    {
        var path = http.Request.Path;
        if (path.StartsWithSegments(JobsSetup.DashboardPath) || path.StartsWithSegments("/" + ApiReference.PagePath))
        {
            // Hangfire's and Swagger UI's pages bring their own inline scripts: they are kept out of frames only.
            return "frame-ancestors 'none'";
        }

        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi"))
        {
            return "default-src 'none'; frame-ancestors 'none'";
        }

        if (path.StartsWithSegments("/u") || path.StartsWithSegments("/o") || path.StartsWithSegments("/c"))
        {
            return "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        }

        // base64url (CSP allows '-' and '_'): the HTML encoder leaves it as it is, so the page carries it byte for byte.
        var nonce = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        http.Items[NonceKey] = nonce;
        return $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; " +
            "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }
}
