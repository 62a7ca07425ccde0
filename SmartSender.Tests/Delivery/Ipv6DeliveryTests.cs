using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Delivery;

/// <summary>
/// The whole app delivering over IPv6: a pool whose sending IP is <c>::1</c>, a recipient domain whose MX host has an
/// AAAA record for <c>::1</c>, a sink listening there. The message arrives from <c>::1</c>, its lane is that IP's, and the
/// domain's SPF record names the IPv6 sending address.
/// </summary>
[Collection(AppCollection.Name)]
public class Ipv6DeliveryTests : IAsyncLifetime
{
    private readonly SmtpSink _sink = new(IPAddress.IPv6Loopback);
    private SmartSenderApp _app = default!;

    public Task InitializeAsync()
    {
        _app = new SmartSenderApp();
        _app.Settings["Delivery:Mode"] = "Direct";
        _app.Settings["Delivery:Direct:Port"] = _sink.Port.ToString();
        _app.Settings["Delivery:IpPools:Pools:shared:0:Address"] = "::1";
        _app.Settings["Delivery:IpPools:Pools:shared:0:EhloName"] = "mta6.smartsender.test";
        _app.Settings["Domains:SendingIps:0"] = "192.0.2.10";
        _app.Settings["Domains:SendingIps:1"] = "2001:db8::10";
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _sink.DisposeAsync();
    }

    [Fact]
    public async Task AMessageFromAnIpv6Pool_ReachesTheAaaaOfTheMx_OnItsOwnLane()
    {
        var account = (await _app.CreateAdminAsync()).Id;
        using var api = _app.CreateApiClient(await _app.CreateApiKeyAsync(account));
        var domain = await _app.VerifyDomainAsync(account, "shop.test");
        _app.Dns.Add("six.example", TestDnsRecord.Mx(10, "mx.six.example"));
        _app.Dns.Add("mx.six.example", TestDnsRecord.Aaaa("::1"));

        var spf = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/domains/{domain.Id}")).GetProperty("records").EnumerateArray()
            .Single(r => r.GetProperty("kind").GetString() == "Spf").GetProperty("value").GetString();
        Assert.Equal("v=spf1 ip4:192.0.2.10 ip6:2001:db8::10 ~all", spf);

        var sent = await api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "ann@six.example", subject = "Over IPv6", text = "Hi" });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var mail = await _sink.NextAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("Over IPv6", mail.Subject);
        Assert.Equal(IPAddress.IPv6Loopback, _sink.SourceOf(mail));

        var lanes = await api.GetFromJsonAsync<JsonElement>("/api/v1/lanes");
        Assert.Contains(lanes.EnumerateArray(), l => l.GetProperty("sendingIp").GetString() == "::1");
    }
}
