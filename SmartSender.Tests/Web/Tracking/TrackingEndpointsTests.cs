using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SmartSender.Core.Suppressions;
using SmartSender.Core.Tracking;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Tracking;

/// <summary>A marketing message delivered to the test SMTP server; its links, pixel and unsubscribe requested as a mail client would.</summary>
[Collection(AppCollection.Name)]
public partial class TrackingEndpointsTests : IAsyncLifetime
{
    private const string Original = "https://shop.example/sale?utm_source=mail&item=42#top";
    private readonly SmartSenderApp _app = new();
    private HttpClient _api = default!;
    private HttpClient _anonymous = default!;

    public async Task InitializeAsync()
    {
        var accountId = (await _app.CreateAdminAsync()).Id;
        _api = _app.CreateApiClient(await _app.CreateApiKeyAsync(accountId));
        _anonymous = _app.CreateApiClient(null);
        await _app.VerifyDomainAsync(accountId, "shop.test");
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        _anonymous.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Click_RedirectsToTheOriginalUrlWithItsQuery_AndTheClickAndOpenReachTheTimeline()
    {
        var (id, received) = await SendMarketingAsync();
        Assert.DoesNotContain("shop.example", received.HtmlBody);

        var click = await _anonymous.SendAsync(Get(PathOf(received, "/c/"), "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15"));
        var open = await _anonymous.SendAsync(Get(PathOf(received, "/o/"), "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Thunderbird/128.0"));

        Assert.Equal(HttpStatusCode.Found, click.StatusCode);
        Assert.Equal(Original, click.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal("image/gif", open.Content.Headers.ContentType!.MediaType);
        var events = await TimelineAsync(id);
        var clicked = Assert.Single(events, e => e.GetProperty("type").GetString() == "Clicked");
        Assert.Contains(Original, clicked.GetProperty("detail").GetString());
        Assert.Equal("Tracking", clicked.GetProperty("source").GetString());
        Assert.False(clicked.GetProperty("machine").GetBoolean());
        Assert.False(Assert.Single(events, e => e.GetProperty("type").GetString() == "Opened").GetProperty("machine").GetBoolean());
    }

    [Theory]
    [InlineData("POST", "/o/")]
    [InlineData("POST", "/c/")]
    [InlineData("PUT", "/c/")]
    [InlineData("DELETE", "/o/")]
    public async Task AnythingButGetOrHead_OnThePixelOrALink_Is405_NamingTheMethodsAllowed(string method, string prefix)
    {
        var (_, received) = await SendMarketingAsync();

        var response = await _anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), PathOf(received, prefix)) { Content = new StringContent("x") });

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order());
    }

    [Theory]
    [InlineData("https://alpha.test/café", "https://alpha.test/caf%C3%A9")]
    [InlineData("https://bücher.example/neu?q=ä", "https://xn--bcher-kva.example/neu?q=%C3%A4")]
    [InlineData("https://alpha.test/a&#13;&#10;Set-Cookie: x=1", null)]
    [InlineData("https://alpha.test/x\u2028y", "https://alpha.test/x%E2%80%A8y")]
    public async Task Click_OnALinkWithNonAsciiOrControlCharacters_RedirectsToItsEncodedForm(string link, string? expected)
    {
        var (id, received) = await SendMarketingAsync(link);

        var click = await _anonymous.SendAsync(Get(PathOf(received, "/c/"), "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Thunderbird/128.0"));

        Assert.Equal(HttpStatusCode.Found, click.StatusCode);
        var location = click.Headers.Location!.OriginalString;
        Assert.All(location, c => Assert.InRange(c, '!', '~'));
        if (expected is not null)
        {
            Assert.Equal(expected, location);
        }

        Assert.Single(await TimelineAsync(id), e => e.GetProperty("type").GetString() == "Clicked");
    }

    [Fact]
    public async Task ScannerRequests_AreRecordedAsMachineEvents()
    {
        var (id, received) = await SendMarketingAsync();

        await _anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, PathOf(received, "/c/")));
        await _anonymous.SendAsync(Get(PathOf(received, "/c/"), "python-requests/2.31"));

        var clicks = (await TimelineAsync(id)).Where(e => e.GetProperty("type").GetString() == "Clicked").ToList();
        Assert.Equal(2, clicks.Count);
        Assert.All(clicks, c => Assert.True(c.GetProperty("machine").GetBoolean()));
    }

    [Fact]
    public async Task TamperedOrUnknownLinks_GetAPlain404_NeverARedirect()
    {
        var (_, received) = await SendMarketingAsync();
        var path = PathOf(received, "/c/");
        var token = path.Split('/')[2];

        foreach (var wrong in new[] { path.Replace(token, token[..^1] + (token[^1] == 'A' ? 'B' : 'A')), $"/c/{token}/7", "/c/not-a-token/0", $"/c/{token}/-1" })
        {
            var response = await _anonymous.GetAsync(wrong);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{wrong} answered {(int)response.StatusCode}");
            Assert.Null(response.Headers.Location);
        }
    }

    [Fact]
    public async Task OneClickPost_WithoutCookieOrLogin_UnsubscribesFromMarketingAtOnce()
    {
        var (id, received) = await SendMarketingAsync();
        Assert.Equal("List-Unsubscribe=One-Click", received.Headers[HeaderId.ListUnsubscribePost]);
        var unsubscribe = new Uri(received.Headers[HeaderId.ListUnsubscribe]!.Trim('<', '>')).PathAndQuery;

        var page = await _anonymous.GetStringAsync(unsubscribe);
        var post = await _anonymous.PostAsync(unsubscribe, new StringContent("List-Unsubscribe=One-Click", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.Contains("ann@example.test", page);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Contains("unsubscribed", await post.Content.ReadAsStringAsync());
        var suppression = await _app.WithDbAsync(db => db.Suppressions.SingleAsync());
        Assert.Equal(("ann@example.test", SuppressionReason.Unsubscribe, id), (suppression.Address, suppression.Reason, suppression.MessageId));
        Assert.Single(await TimelineAsync(id), e => e.GetProperty("type").GetString() == "Unsubscribed");

        var marketing = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "news@shop.test", to = "ann@example.test", subject = "More", html = "<p>More</p>", stream = "marketing" });
        var receipt = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "ann@example.test", subject = "Receipt", text = "Total 12.00" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, marketing.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, receipt.StatusCode);
    }

    private async Task<(Guid Id, MimeMessage Received)> SendMarketingAsync(string link = Original)
    {
        var response = await _api.PostAsJsonAsync("/api/v1/messages", new
        {
            from = "Shop <news@shop.test>",
            to = "ann@example.test",
            subject = "Winter sale",
            html = $"<p>Our <a href=\"{link}\">winter sale</a> starts today.</p>",
            stream = "marketing",
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        return (id, await _app.Smtp.NextAsync());
    }

    private async Task<List<JsonElement>> TimelineAsync(Guid id)
    {
        await _app.Services.GetRequiredService<TrackingEvents>().FlushAsync();
        var view = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}");
        return [.. view.GetProperty("events").EnumerateArray()];
    }

    private static HttpRequestMessage Get(string path, string userAgent)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.UserAgent.ParseAdd(userAgent);
        return request;
    }

    /// <summary>The path of the first tracking link of <paramref name="kind"/> ("/c/" or "/o/") in the delivered HTML.</summary>
    private static string PathOf(MimeMessage received, string kind) =>
        new Uri(TrackingUrl().Matches(received.HtmlBody!).Select(m => m.Groups[1].Value).First(u => new Uri(u).AbsolutePath.StartsWith(kind, StringComparison.Ordinal))).PathAndQuery;

    [GeneratedRegex("(?:href|src)=\"(http://localhost:5080/[^\"]+)\"")]
    private static partial Regex TrackingUrl();
}
