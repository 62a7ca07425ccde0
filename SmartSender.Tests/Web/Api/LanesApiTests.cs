using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

[Collection(AppCollection.Name)]
public class LanesApiTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new();
    private Guid _operatorAccountId;

    public async Task InitializeAsync()
    {
        _operatorAccountId = (await _app.CreateAdminAsync()).Id;
        await _app.VerifyDomainAsync(_operatorAccountId, "shop.test");
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task Get_WithAnOperatorKey_ListsTheLaneAMessageWentThrough()
    {
        using var api = _app.CreateApiClient(await _app.CreateApiKeyAsync(_operatorAccountId));
        var sent = await api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "ann@example.test", subject = "Hi", text = "Hello" });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        await _app.Smtp.NextAsync();

        var lanes = await Eventually.ReturnsAsync(() => api.GetFromJsonAsync<JsonElement>("/api/v1/lanes"), l => l.GetArrayLength() == 1 && l[0].GetProperty("sentToday").GetInt32() == 1);

        var lane = lanes[0];
        Assert.Equal(("relay", "Relay"), (lane.GetProperty("sendingIp").GetString(), lane.GetProperty("provider").GetString()));
        Assert.Equal(lane.GetProperty("limitPerHour").GetDouble(), lane.GetProperty("currentPerHour").GetDouble());
    }

    [Fact]
    public async Task Get_WithACustomersKey_IsForbidden()
    {
        var customer = await _app.CreateCustomerUserAsync("ann@customer.test", "Customer-Password-1");
        using var api = _app.CreateApiClient(await _app.CreateApiKeyAsync(customer.AccountId));

        var response = await api.GetAsync("/api/v1/lanes");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
