using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Blocklists;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Telemetry;

/// <summary>
/// <c>/metrics</c> in Prometheus's text format on a listening app: after a message is sent through the API and
/// delivered to the SMTP sink, its queued and delivered events, the API's requests by route, the queue's gauges and
/// the lane's rate have moved.
/// </summary>
[Collection(AppCollection.Name)]
public partial class MetricsTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new(kestrel: true);
    private HttpClient _scraper = default!;

    public Task InitializeAsync()
    {
        _app.StartKestrel();
        _scraper = new HttpClient { BaseAddress = _app.Address };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _scraper.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Scrape_AfterAMessageIsDelivered_ShowsItsEvents_TheApiRoute_TheQueueAndTheLane()
    {
        var account = await _app.CreateAdminAsync();
        using var api = _app.CreateApiClient(await _app.CreateApiKeyAsync(account.Id));
        await _app.VerifyDomainAsync(account.Id, "shop.test");
        var before = await ScrapeAsync();

        var sent = await api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "ann@example.test", subject = "Hi", text = "Hello" });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        await Eventually.ReturnsAsync(() => Task.FromResult(_app.Smtp.Count), n => n == 1);

        // The gauges are read from the database at most every 5 s: the lane appears at the next reading.
        var after = await Eventually.ReturnsAsync(ScrapeAsync,
            s => Sum(s, "smartsender_message_events_total", "event=\"delivered\"") > Sum(before, "smartsender_message_events_total", "event=\"delivered\"")
                && s.Contains("smartsender_lane_rate_per_hour{", StringComparison.Ordinal));
        Assert.Equal(1, Sum(after, "smartsender_message_events_total", "event=\"queued\"", "stream=\"transactional\"")
            - Sum(before, "smartsender_message_events_total", "event=\"queued\"", "stream=\"transactional\""));
        Assert.Equal(1, Sum(after, "smartsender_message_events_total", "event=\"delivered\"", "lane=\"")
            - Sum(before, "smartsender_message_events_total", "event=\"delivered\"", "lane=\""));
        Assert.True(Sum(after, "http_server_request_duration_seconds_count", "http_route=\"/api/v1/messages/\"", "http_response_status_code=\"202\"") >= 1, Excerpt(after, "http_server_request_duration_seconds_count"));
        Assert.Contains("smartsender_queue_messages", after);
        Assert.Contains("smartsender_queue_oldest_due_age_seconds", after);
        Assert.True(Sum(after, "smartsender_lane_rate_per_hour", "provider=\"Relay\"", "sending_ip=\"relay\"") > 0, Excerpt(after, "smartsender_lane"));
        Assert.Equal(0, Sum(after, "smartsender_lane_paused"));
        Assert.Contains("# HELP smartsender_message_events_total Events stored for messages", after);
    }

    [Fact]
    public async Task Scrape_ShowsEachBlocklistListing_ForAnAlertToFireOn_AndNotOnceItIsDelisted()
    {
        var zen = new BlocklistDefinition { Name = "Spamhaus ZEN", Zone = "zen.bl.test" };
        var listing = new BlocklistListing("192.0.2.7", BlocklistTargets.Ip, zen);
        var clear = new BlocklistListing("192.0.2.8", BlocklistTargets.Ip, zen);
        listing.Record(new BlocklistAnswer.Listed("127.0.0.2", "SBL"), DateTime.UtcNow);
        clear.Record(new BlocklistAnswer.Clear(), DateTime.UtcNow);
        await _app.WithDbAsync(db =>
        {
            db.BlocklistListings.AddRange(listing, clear);
            return db.SaveChangesAsync();
        });

        var listed = await Eventually.ReturnsAsync(ScrapeAsync, s => s.Contains("smartsender_blocklist_listed{", StringComparison.Ordinal));
        Assert.Equal(1, Sum(listed, "smartsender_blocklist_listed", "kind=\"ip\"", "list=\"Spamhaus ZEN\"", "target=\"192.0.2.7\""));
        Assert.Equal(1, Sum(listed, "smartsender_blocklist_listed"));

        await _app.WithDbAsync(async db =>
        {
            var row = await db.BlocklistListings.SingleAsync(r => r.Target == "192.0.2.7");
            row.Record(new BlocklistAnswer.Clear(), DateTime.UtcNow);
            return await db.SaveChangesAsync();
        });
        await Eventually.ReturnsAsync(ScrapeAsync, s => !s.Contains("smartsender_blocklist_listed{", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scrape_FromOutsideTheAllowedNetworks_IsRefused()
    {
        await using var app = new SmartSenderApp(kestrel: true);
        app.Settings["Health:AllowedNetworks:0"] = "10.0.0.0/8";
        app.StartKestrel();
        using var client = new HttpClient { BaseAddress = app.Address };
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/metrics")).StatusCode);
    }

    private async Task<string> ScrapeAsync()
    {
        using var response = await _scraper.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of a metric's samples whose labels contain every fragment given.</summary>
    private static double Sum(string scrape, string metric, params string[] labels) =>
        Sample().Matches(scrape)
            .Where(m => m.Groups["name"].Value == metric && labels.All(l => m.Groups["labels"].Value.Contains(l, StringComparison.Ordinal)))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    private static string Excerpt(string scrape, string prefix) =>
        string.Join('\n', scrape.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Take(30));

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
