using System.Text.Json.Nodes;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using SmartSender.Client;
using SmartSender.Client.Models;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Client;

/// <summary>
/// The .NET client generated from the OpenAPI document (clients/dotnet), against the running app: proof that the
/// document says enough to generate a working client, and that the committed client was made from today's document.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class GeneratedClientTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new();
    private HttpClient _http = default!;
    private SmartSenderClient _client = default!;

    public async Task InitializeAsync()
    {
        var account = await _app.CreateAdminAsync();
        await _app.VerifyDomainAsync(account.Id, "shop.test");
        _http = _app.CreateApiClient(await _app.CreateApiKeyAsync(account.Id));
        _client = new SmartSenderClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: _http) { BaseUrl = _http.BaseAddress!.ToString().TrimEnd('/') });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task TheCommittedDocument_IsTheOneTheAppServes_SoTheClientIsCurrent()
    {
        var served = JsonNode.Parse(await _http.GetStringAsync("/openapi/v1.json"));
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "clients", "dotnet", "openapi.json")));

        Assert.True(JsonNode.DeepEquals(served, committed), "clients/dotnet/openapi.json differs from the app's /openapi/v1.json: run clients/dotnet/generate.sh and commit what it changes.");
    }

    [Fact]
    public async Task TheClient_SendsABatch_ListsMessages_CreatesAWebhook_AndCancelsAScheduledMessage()
    {
        await _client.Api.V1.Templates.PostAsync(new CreateTemplateBody { Name = "welcome", Subject = "Welcome, {{ name }}", Text = "Hi {{ name }}" });
        var batch = await _client.Api.V1.Messages.Batch.PostAsync(new BatchSendBody
        {
            From = "orders@shop.test",
            Template = "welcome",
            Messages =
            [
                new SendMessageBody { To = "ann@example.com", Variables = new() { AdditionalData = { ["name"] = "Ann" } } },
                new SendMessageBody { To = "bob@example.com", Variables = new() { AdditionalData = { ["name"] = "Bob" } }, Tags = ["spring"] },
                new SendMessageBody { To = "later@example.com", Variables = new() { AdditionalData = { ["name"] = "Cy" } }, SendAt = DateTimeOffset.UtcNow.AddHours(2) },
            ],
        });

        Assert.Equal(3, batch!.Accepted);
        Assert.Equal(["Welcome, Ann", "Welcome, Bob"], new[] { (await _app.Smtp.NextAsync()).Subject, (await _app.Smtp.NextAsync()).Subject }.Order());
        var scheduled = batch.Items![2].Id!.Value;
        var tagged = await _client.Api.V1.Messages.GetAsync(r => r.QueryParameters.Tag = "spring");
        Assert.Equal(["bob@example.com"], tagged!.Items!.Select(i => i.To));

        var webhook = await _client.Api.V1.Webhooks.PostAsync(new WebhookBody { Url = "http://127.0.0.1:9/hooks", Events = ["message.delivered", "message.hard_bounced"] });
        Assert.StartsWith("whsec_", webhook!.Secret);
        Assert.Equal(2, webhook.Endpoint!.Events!.Count);

        var cancelled = await _client.Api.V1.Messages[scheduled].DeleteAsync();
        Assert.Equal("Cancelled", cancelled!.Status);
        var problem = await Assert.ThrowsAsync<ProblemDetails>(() => _client.Api.V1.Messages[scheduled].DeleteAsync());
        Assert.Equal(409, problem.Status);
        Assert.Equal("message_not_waiting", problem.AdditionalData["reason"]);
    }
}
