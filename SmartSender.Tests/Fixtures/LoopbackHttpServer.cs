using System.Net;

namespace SmartSender.Tests.Fixtures;

/// <summary>An HTTP server on 127.0.0.1 and a free port, answering each request with <see cref="HandleAsync"/>.</summary>
public abstract class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    protected LoopbackHttpServer()
    {
        Port = SmtpSink.FreePort(IPAddress.Loopback);
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
        GC.SuppressFinalize(this);
    }

    /// <summary>Reads the request and writes the response; the server closes it afterwards.</summary>
    protected abstract Task HandleAsync(HttpListenerContext context);

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

            await HandleAsync(context);
            context.Response.Close();
        }
    }
}
