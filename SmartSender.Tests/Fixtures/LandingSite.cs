using System.Net;
using System.Text;

namespace SmartSender.Tests.Fixtures;

/// <summary>A web site on 127.0.0.1 that a tracked link leads to: every GET gets a small page naming the path and query it was asked for.</summary>
public sealed class LandingSite : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public LandingSite()
    {
        Port = SmtpSink.FreePort(IPAddress.Loopback);
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string UrlOf(string pathAndQuery) => $"http://127.0.0.1:{Port}{pathAndQuery}";

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var body = Encoding.UTF8.GetBytes($"<!DOCTYPE html><html><head><title>Landing</title></head><body><h1>Landing page</h1><p data-testid=\"asked\">{WebUtility.HtmlEncode(context.Request.Url!.PathAndQuery)}</p></body></html>");
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
