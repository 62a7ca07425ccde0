using System.Net;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

/// <summary>Behind a configured reverse proxy on 127.0.0.1, wrong keys count against the client the proxy names, not against the proxy.</summary>
[Collection(AppCollection.Name)]
public sealed class ForwardedClientTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new(kestrel: true);

    public async Task InitializeAsync()
    {
        _app.Settings["ApiKeys:MaxFailures"] = "3";
        _app.Settings["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";
        _app.StartKestrel();
        await _app.CreateAdminAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task WrongKeysOfOneForwardedClient_BlockThatClient_NotTheOthersBehindTheSameProxy()
    {
        using var wrong = _app.CreateApiClient("ss_" + new string('x', 40));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(wrong, "203.0.113.7")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync(wrong, "203.0.113.7")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(wrong, "198.51.100.20")).StatusCode);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/stats");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }
}
