using System.Net;
using System.Text.Json;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

[Collection(AppCollection.Name)]
public class ApiReferenceTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new();

    public async Task InitializeAsync() => await _app.CreateAdminAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task OpenApiDocument_DescribesTheEndpoints()
    {
        using var client = _app.CreateApiClient(null);

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;

        Assert.Equal("SmartSender API", document.GetProperty("info").GetProperty("title").GetString());
        var paths = document.GetProperty("paths");
        Assert.Equal("Send one message", paths.GetProperty("/api/v1/messages").GetProperty("post").GetProperty("summary").GetString());
        Assert.True(paths.TryGetProperty("/api/v1/domains/{id}/verify", out _));
    }

    [Fact]
    public async Task OpenApiDocument_DeclaresTheApiKeyAsABearerScheme_SoTheReferenceOffersAuthorize()
    {
        using var client = _app.CreateApiClient(null);

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKey");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        var requirement = Assert.Single(document.GetProperty("security").EnumerateArray());
        Assert.True(requirement.TryGetProperty("apiKey", out _));
    }

    [Fact]
    public async Task ReferencePage_IsServedFromTheApp()
    {
        using var client = _app.CreateApiClient(null);

        var page = await client.GetAsync("/api/docs/index.html");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("swagger-ui", await page.Content.ReadAsStringAsync());
    }
}
