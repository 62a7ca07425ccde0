using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Templates;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

/// <summary>
/// A send by template through POST /api/v1/messages: rendered with its variables and its version recorded, or refused
/// with what is wrong.
/// </summary>
[Collection(AppCollection.Name)]
public class MessageTemplateSendTests : ApiTest
{
    [Fact]
    public async Task Post_WithATemplate_RendersItWithTheVariablesAndRecordsTheVersion()
    {
        var version = await CreateTemplateAsync("Order shipped", new TemplateContent(
            "Order {{ order.id }} is on its way, {{ name }}", "<p>Hi {{ name }}, {{ order.items | size }} items ship today.</p>", null));

        var response = await Api.PostAsJsonAsync("/api/v1/messages", new
        {
            from = "Shop <orders@shop.test>",
            to = "ann@example.test",
            reply_to = "help@shop.test",
            template = "Order shipped",
            variables = new { name = "Ann <3", order = new { id = 1042, items = new[] { "tea", "mug" } } },
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var received = await App.Smtp.NextAsync();
        Assert.Equal("Order 1042 is on its way, Ann <3", received.Subject);
        Assert.Contains("Hi Ann &lt;3, 2 items ship today.", received.HtmlBody);
        Assert.Contains("Hi Ann <3, 2 items ship today.", received.TextBody);
        Assert.Equal("help@shop.test", received.ReplyTo.Mailboxes.Single().Address);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var view = await Api.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}");
        Assert.Equal(version.Id, view.GetProperty("templateVersionId").GetGuid());
    }

    [Fact]
    public async Task Post_TemplateWithAMissingVariable_Is422NamingItAndStoresNothing()
    {
        await CreateTemplateAsync("Welcome", new TemplateContent("Hi {{ name }}", null, "Your code: {{ code }}"));

        var response = await Api.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test", template = "Welcome", variables = new { name = "Ann" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("code", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_TemplateProblemAndTwoRecipients_Is400WithBothProblems()
    {
        await CreateTemplateAsync("Welcome", new TemplateContent("Hi {{ name }}", null, "Your code: {{ code }}"));

        var response = await Api.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test, c@example.test", template = "Welcome", variables = new { name = "Ann" } });

        var errors = (await AssertValidationProblemAsync(response)).GetProperty("errors");
        Assert.Contains("one recipient at a time", errors.GetProperty("to")[0].GetString());
        Assert.Contains("code", errors.GetProperty("variables")[0].GetString());
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_UnknownTemplate_Is422()
    {
        var response = await Api.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test", template = "Nope" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_TemplateAndBodyTogether_Is400()
    {
        await CreateTemplateAsync("Welcome", new TemplateContent("Hi", null, "Hello"));

        var response = await Api.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test", template = "Welcome", subject = "Also this", text = "t" });

        await AssertValidationProblemAsync(response);
        Assert.Equal(0, await CountMessagesAsync());
    }

    private async Task<TemplateVersion> CreateTemplateAsync(string name, TemplateContent content)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<TemplateLibrary>().CreateAsync(AccountId, name, content);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Message)));
        return created.Value!.Current;
    }
}
