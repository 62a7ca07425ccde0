using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Blocklists;
using SmartSender.Core.Delivery.Pools;
using SmartSender.Core.Webhooks;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Blocklists;

/// <summary>
/// The whole app watching its sending IPs 127.0.0.31 and 127.0.0.32 and its domain on blocklists served by a DNS
/// server on 127.0.0.1 that answers as the lists do; mail goes to a sink on 127.0.0.40 through that server's MX record.
/// </summary>
[Collection(AppCollection.Name)]
public class BlocklistTests : IAsyncLifetime
{
    private const string Listed = "127.0.0.31";
    private const string Clean = "127.0.0.32";
    private readonly SmtpSink _sink = new(IPAddress.Parse("127.0.0.40"));
    private SmartSenderApp _app = default!;

    public Task InitializeAsync()
    {
        _app = new SmartSenderApp();
        _app.Settings["Delivery:Mode"] = "Direct";
        _app.Settings["Delivery:Direct:Port"] = _sink.Port.ToString();
        _app.Settings["Delivery:IpPools:Pools:shared:0:Address"] = Listed;
        _app.Settings["Delivery:IpPools:Pools:shared:1:Address"] = Clean;
        _app.Settings["Blocklists:SkipPrivateTargets"] = "false";
        _app.Settings["Blocklists:QueriesPerSecond"] = "1000";
        _app.Settings["Blocklists:RemoveListedIps"] = "true";
        string[] zones = ["zen.bl.test", "dbl.bl.test", "b.bl.test", "cop.bl.test"];
        for (var i = 0; i < zones.Length; i++)
        {
            _app.Settings[$"Blocklists:Lists:{i}:Zone"] = zones[i];
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _sink.DisposeAsync();
    }

    [Fact]
    public async Task AListedIp_IsRecorded_Announced_AndTakenOutOfItsPool_UntilItIsDelisted()
    {
        using var api = await SenderAsync();
        _app.Dns.Add("31.0.0.127.zen.bl.test", TestDnsRecord.A("127.0.0.2"));
        _app.Dns.Add("31.0.0.127.zen.bl.test", TestDnsRecord.A("127.0.0.4"));
        _app.Dns.Add("shop.test.dbl.bl.test", TestDnsRecord.A("127.0.1.2"));

        await CheckAsync();

        var rows = await _app.WithDbAsync(db => db.BlocklistListings.AsNoTracking().ToListAsync());
        var ip = rows.Single(r => r.Target == Listed && r.Zone == "zen.bl.test");
        Assert.Equal(ListingState.Listed, ip.State);
        Assert.Equal("127.0.0.2, 127.0.0.4", ip.Codes);
        Assert.Equal("SBL: a spam source or spam operation; XBL: an exploited or infected machine", ip.Meaning);
        Assert.NotNull(ip.ListedSince);
        Assert.Equal(ListingState.Clear, rows.Single(r => r.Target == Clean && r.Zone == "zen.bl.test").State);
        Assert.Equal(ListingState.Listed, rows.Single(r => r.Target == "shop.test" && r.Zone == "dbl.bl.test").State);
        Assert.Equal(3 * 2 + 1, rows.Count);

        var hooks = await _app.WithDbAsync(db => db.WebhookDeliveries.AsNoTracking().Where(d => d.EventType == BlocklistChecker.ListedEvent).Select(d => d.Payload).ToListAsync());
        Assert.Equal(2, hooks.Count);
        Assert.Contains(hooks, h => h.Contains("\"target\":\"127.0.0.31\"") && h.Contains("\"outOfRotation\":true") && h.Contains("\"removalUrl\":\"https://check.spamhaus.org/\""));
        Assert.Contains(hooks, h => h.Contains("\"target\":\"shop.test\"") && h.Contains("\"meaning\":\"a spam domain\""));

        // Four messages, all from the pool's other IP.
        await SendAsync(api, 4);
        var first = await ArrivalsAsync(4);
        Assert.All(first, source => Assert.Equal(Clean, source));

        // Checking again changes nothing and announces nothing new.
        await CheckAsync();
        Assert.Equal(2, await _app.WithDbAsync(db => db.WebhookDeliveries.CountAsync(d => d.EventType == BlocklistChecker.ListedEvent)));

        // Delisted: announced, and the IP takes its turn again.
        _app.Dns.Remove("31.0.0.127.zen.bl.test");
        await CheckAsync();
        var delisted = await _app.WithDbAsync(db => db.BlocklistListings.AsNoTracking().SingleAsync(r => r.Target == Listed && r.Zone == "zen.bl.test"));
        Assert.Equal(ListingState.Clear, delisted.State);
        Assert.NotNull(delisted.DelistedAt);
        Assert.Contains(await _app.WithDbAsync(db => db.WebhookDeliveries.Where(d => d.EventType == BlocklistChecker.DelistedEvent).Select(d => d.Payload).ToListAsync()),
            h => h.Contains("\"target\":\"127.0.0.31\""));
        await SendAsync(api, 4);
        Assert.Contains(Listed, await ArrivalsAsync(4));
    }

    [Fact]
    public async Task WhenEveryIpOfThePoolIsListed_MailStillLeaves()
    {
        using var api = await SenderAsync();
        _app.Dns.Add("31.0.0.127.b.bl.test", TestDnsRecord.A("127.0.0.2"));
        _app.Dns.Add("32.0.0.127.b.bl.test", TestDnsRecord.A("127.0.0.2"));

        await CheckAsync();

        var hooks = await _app.WithDbAsync(db => db.WebhookDeliveries.AsNoTracking().Where(d => d.EventType == BlocklistChecker.ListedEvent).Select(d => d.Payload).ToListAsync());
        Assert.Equal(2, hooks.Count);
        Assert.All(hooks, h => Assert.Contains("\"outOfRotation\":false", h));
        await SendAsync(api, 2);
        Assert.Equal(2, (await ArrivalsAsync(2)).Count);
    }

    [Fact]
    public async Task AListsRefusalCode_IsNoAnswer_TheStateStays_AndTheListIsAskedNothingMoreThatRound()
    {
        await _app.CreateAdminAsync();
        _app.Dns.Add("31.0.0.127.zen.bl.test", TestDnsRecord.A("127.255.255.254"));
        _app.Dns.Add("32.0.0.127.zen.bl.test", TestDnsRecord.A("127.0.0.2"));

        await CheckAsync();

        var zen = await _app.WithDbAsync(db => db.BlocklistListings.AsNoTracking().Where(r => r.Zone == "zen.bl.test").ToListAsync());
        Assert.Equal(2, zen.Count);
        Assert.All(zen, row =>
        {
            Assert.Equal(ListingState.Unknown, row.State);
            Assert.StartsWith("Spamhaus ZEN answered 127.255.255.254: the query came through a public or open resolver", row.LastError);
        });
        Assert.Equal(0, await _app.WithDbAsync(db => db.WebhookDeliveries.CountAsync()));
    }

    /// <summary>An account that sends from shop.test with a webhook endpoint, and mail.example's MX at the sink.</summary>
    private async Task<HttpClient> SenderAsync()
    {
        var account = (await _app.CreateAdminAsync()).Id;
        var api = _app.CreateApiClient(await _app.CreateApiKeyAsync(account));
        await _app.VerifyDomainAsync(account, "shop.test");
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/hooks", events = new[] { "message.delivered" } })).StatusCode);
        _app.Dns.Add("mail.example", TestDnsRecord.Mx(10, "mx.mail.example"));
        _app.Dns.Add("mx.mail.example", TestDnsRecord.A("127.0.0.40"));
        return api;
    }

    private async Task CheckAsync()
    {
        using var scope = _app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<BlocklistChecker>().RunAsync(CancellationToken.None);
    }

    private static async Task SendAsync(HttpClient api, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var sent = await api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = $"r{i}@mail.example", subject = $"Hello {i}", text = "Hi" });
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }
    }

    private async Task<List<string>> ArrivalsAsync(int count)
    {
        var sources = new List<string>();
        for (var i = 0; i < count; i++)
        {
            sources.Add(_sink.SourceOf(await _sink.NextAsync(TimeSpan.FromSeconds(30))).ToString());
        }

        return sources;
    }
}
