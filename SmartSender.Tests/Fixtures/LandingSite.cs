using System.Net;
using System.Text;

namespace SmartSender.Tests.Fixtures;

/// <summary>A web site on 127.0.0.1 that a tracked link leads to: every GET gets a small page naming the path and query it was asked for.</summary>
public sealed class LandingSite : LoopbackHttpServer
{
    public string UrlOf(string pathAndQuery) => $"http://127.0.0.1:{Port}{pathAndQuery}";

    protected override async Task HandleAsync(HttpListenerContext context)
    {
        var body = Encoding.UTF8.GetBytes($"<!DOCTYPE html><html><head><title>Landing</title></head><body><h1>Landing page</h1><p data-testid=\"asked\">{WebUtility.HtmlEncode(context.Request.Url!.PathAndQuery)}</p></body></html>");
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.OutputStream.WriteAsync(body);
    }
}
