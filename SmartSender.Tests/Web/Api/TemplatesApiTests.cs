using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

/// <summary>The templates API against a running app: what the dashboard's editor does, with the editor's errors.</summary>
[Collection(AppCollection.Name)]
public sealed class TemplatesApiTests : ApiTest
{
    [Fact]
    public async Task CreateSaveRestoreDuplicateArchive_AsTheEditorDoes_AndSendsUseTheCurrentVersion()
    {
        var created = await Api.PostAsJsonAsync("/api/v1/templates", new
        {
            name = "welcome", subject = "Welcome, {{ name }}", html = "<p>Hi {{ name }}</p>", sample_variables = new { name = "Ann" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var template = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = template.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/templates/{id}", created.Headers.Location?.ToString());
        Assert.Equal("Ann", template.GetProperty("versions")[0].GetProperty("sampleVariables").GetProperty("name").GetString());

        var saved = await (await Api.PostAsJsonAsync($"/api/v1/templates/{id}/versions", new { subject = "Hello, {{ name }}", html = "<p>Hello {{ name }}</p>" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, saved.GetProperty("currentVersion").GetInt32());
        Assert.Equal([2, 1], saved.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("number").GetInt32()));

        var rendered = await (await Api.PostAsJsonAsync($"/api/v1/templates/{id}/render", new { variables = new { name = "Bob" } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Hello, Bob", rendered.GetProperty("subject").GetString());
        Assert.Contains("Hello Bob", rendered.GetProperty("html").GetString());
        Assert.Contains("Hello Bob", rendered.GetProperty("text").GetString());

        var restored = await (await Api.PostAsync($"/api/v1/templates/{id}/versions/1/restore", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, restored.GetProperty("currentVersion").GetInt32());
        Assert.Equal("Welcome, {{ name }}", restored.GetProperty("versions")[0].GetProperty("subject").GetString());
        var sent = await Api.PostAsJsonAsync("/api/v1/messages", new { from = "hello@shop.test", to = "ann@example.com", template = "welcome", variables = new { name = "Ann" } });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.Equal("Welcome, Ann", (await App.Smtp.NextAsync()).Subject);

        var copy = await Api.PostAsync($"/api/v1/templates/{id}/duplicate", null);
        Assert.Equal(HttpStatusCode.Created, copy.StatusCode);
        Assert.NotEqual("welcome", (await copy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());

        Assert.True((await (await Api.PostAsync($"/api/v1/templates/{id}/archive", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("archived").GetBoolean());
        var list = await Api.GetFromJsonAsync<JsonElement>("/api/v1/templates");
        Assert.DoesNotContain(list.EnumerateArray(), t => t.GetProperty("id").GetGuid() == id);
        var all = await Api.GetFromJsonAsync<JsonElement>("/api/v1/templates?archived=true");
        Assert.Contains(all.EnumerateArray(), t => t.GetProperty("id").GetGuid() == id && t.GetProperty("archived").GetBoolean());
        var refused = await Api.PostAsJsonAsync("/api/v1/messages", new { from = "hello@shop.test", to = "ann@example.com", template = "welcome", variables = new { name = "Ann" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("template_archived", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        Assert.False((await (await Api.PostAsync($"/api/v1/templates/{id}/unarchive", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("archived").GetBoolean());
    }

    [Fact]
    public async Task ALiquidError_Is422NamingThePartAndTheLine_AndNothingIsSaved()
    {
        var response = await Api.PostAsJsonAsync("/api/v1/templates", new { name = "broken", subject = "Hi", html = "<p>Hi</p>\n<p>{% if name %}</p>" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("template_syntax", problem.GetProperty("reason").GetString());
        Assert.Equal("html", problem.GetProperty("part").GetString());
        Assert.Equal(2, problem.GetProperty("line").GetInt32());
        Assert.StartsWith("HTML body, line 2:", problem.GetProperty("errors").GetProperty("html")[0].GetString());
        Assert.Empty((await Api.GetFromJsonAsync<JsonElement>("/api/v1/templates?archived=true")).EnumerateArray());
    }

    [Fact]
    public async Task BadInput_NamesEachField_AndRenderSaysWhichVariablesAreMissing()
    {
        var response = await Api.PostAsJsonAsync("/api/v1/templates", new { name = "", subject = "" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("subject", out _), errors.ToString());

        var unknownField = await Api.PostAsJsonAsync("/api/v1/templates", new { name = "x", subject = "x", text = "x", body = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);

        var created = await (await Api.PostAsJsonAsync("/api/v1/templates", new { name = "order", subject = "Order {{ number }}", text = "Total {{ total }}" })).Content.ReadFromJsonAsync<JsonElement>();
        var render = await Api.PostAsJsonAsync($"/api/v1/templates/{created.GetProperty("id").GetGuid()}/render", new { variables = new { number = 7 } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, render.StatusCode);
        Assert.Contains("total", (await render.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync($"/api/v1/templates/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.PostAsync($"/api/v1/templates/{created.GetProperty("id").GetGuid()}/versions/9/restore", null)).StatusCode);
    }
}
