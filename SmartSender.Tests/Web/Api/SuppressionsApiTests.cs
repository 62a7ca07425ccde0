using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Suppressions;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

[Collection(AppCollection.Name)]
public class SuppressionsApiTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new();
    private HttpClient _api = default!;
    private Guid _accountId;

    public async Task InitializeAsync()
    {
        _accountId = (await _app.CreateAdminAsync()).Id;
        _api = _app.CreateApiClient(await _app.CreateApiKeyAsync(_accountId, "backend"));
        await _app.VerifyDomainAsync(_accountId, "shop.test");
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AddListRemove_AnAddress_StopsAndRestartsSendingToIt()
    {
        var added = await _api.PostAsJsonAsync("/api/v1/suppressions", new { address = "Ann@Example.test", note = "asked us by phone" });
        var refused = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "ann@example.test", subject = "Receipt", text = "Total 12.00" });
        var listed = await _api.GetFromJsonAsync<JsonElement>("/api/v1/suppressions?reason=manual&search=ann");
        var removed = await _api.DeleteAsync("/api/v1/suppressions/ann@example.test");
        var accepted = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "ann@example.test", subject = "Receipt", text = "Total 12.00" });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var entry = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal(("ann@example.test", "Manual", "asked us by phone"), (entry.GetProperty("address").GetString(), entry.GetProperty("reason").GetString(), entry.GetProperty("detail").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task Remove_AComplaint_WithAnApiKey_Is403_AndTheAddressStays()
    {
        await _app.Services.GetRequiredService<SuppressionList>().AddAsync(_accountId, "angry@example.test", SuppressionReason.Complaint, "abuse", null);

        var response = await _api.DeleteAsync("/api/v1/suppressions/angry@example.test");
        var unknown = await _api.DeleteAsync("/api/v1/suppressions/nobody@example.test");
        var badReason = await _api.GetAsync("/api/v1/suppressions?reason=Bounced");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Only an administrator", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.NotNull(await _app.Services.GetRequiredService<SuppressionList>().FindAsync(_accountId, "angry@example.test"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badReason.StatusCode);
    }
}
