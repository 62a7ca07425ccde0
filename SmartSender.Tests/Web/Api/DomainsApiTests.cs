using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

[Collection(AppCollection.Name)]
public class DomainsApiTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new();
    private HttpClient _api = default!;
    private Guid _accountId;

    public async Task InitializeAsync()
    {
        _accountId = (await _app.CreateAdminAsync()).Id;
        _api = _app.CreateApiClient(await _app.CreateApiKeyAsync(_accountId));
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Post_ThenPublishThenVerify_ReturnsTheRecordsAndEndsVerified()
    {
        var created = await _api.PostAsJsonAsync("/api/v1/domains", new { name = "News.Example.", selector = "mail2026" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var domain = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("news.example", domain.GetProperty("name").GetString());
        Assert.Equal("Pending", domain.GetProperty("status").GetString());
        var records = domain.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(["Ownership", "Spf", "Dkim", "Dmarc", "ReturnPath", "Tracking"], records.Select(r => r.GetProperty("kind").GetString()));
        var dkim = records.Single(r => r.GetProperty("kind").GetString() == "Dkim");
        Assert.Equal("mail2026._domainkey", dkim.GetProperty("host").GetString());
        Assert.DoesNotContain("PRIVATE", await created.Content.ReadAsStringAsync());

        foreach (var record in records)
        {
            var fullName = record.GetProperty("fullName").GetString()!;
            _app.Dns.Add(fullName, record.GetProperty("type").GetString() == "CNAME"
                ? TestDnsRecord.Cname(record.GetProperty("value").GetString()!)
                : TestDnsRecord.Txt([.. record.GetProperty("valueStrings").EnumerateArray().Select(s => s.GetString()!)]));
        }

        var verified = await _api.PostAsync($"/api/v1/domains/{domain.GetProperty("id").GetGuid()}/verify", null);

        var after = await verified.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Verified", after.GetProperty("status").GetString());
        Assert.True(after.GetProperty("canSend").GetBoolean());
        Assert.All(after.GetProperty("records").EnumerateArray(), r => Assert.Equal("Verified", r.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Post_PublicMailboxDomain_Is400NamingTheReason()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/domains", new { name = "outlook.com" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("public mailbox provider", problem.GetProperty("errors").GetProperty("name")[0].GetString());
    }

    [Fact]
    public async Task Post_DomainAnotherAccountHasOnlyAdded_IsAllowed_ButOneItHasVerified_Is409()
    {
        var customer = await _app.CreateCustomerUserAsync("dev@customer.test", "Customer-Pass-1");
        using var other = _app.CreateApiClient(await _app.CreateApiKeyAsync(customer.AccountId));
        await other.PostAsJsonAsync("/api/v1/domains", new { name = "pending.example" });
        await _app.VerifyDomainAsync(customer.AccountId, "shared.example");

        var pending = await _api.PostAsJsonAsync("/api/v1/domains", new { name = "pending.example" });
        var verified = await _api.PostAsJsonAsync("/api/v1/domains", new { name = "shared.example" });

        Assert.Equal(HttpStatusCode.Created, pending.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, verified.StatusCode);
        Assert.Contains("verified elsewhere", await verified.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_DomainOfAnotherAccount_Is404()
    {
        var customer = await _app.CreateCustomerUserAsync("dev@customer.test", "Customer-Pass-1");
        using var other = _app.CreateApiClient(await _app.CreateApiKeyAsync(customer.AccountId));
        var created = await (await other.PostAsJsonAsync("/api/v1/domains", new { name = "theirs.example" })).Content.ReadFromJsonAsync<JsonElement>();

        var response = await _api.GetAsync($"/api/v1/domains/{created.GetProperty("id").GetGuid()}");
        var verify = await _api.PostAsync($"/api/v1/domains/{created.GetProperty("id").GetGuid()}/verify", null);
        var list = await _api.GetFromJsonAsync<JsonElement[]>("/api/v1/domains");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, verify.StatusCode);
        Assert.Empty(list!);
    }
}
