using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.ApiKeys;
using SmartSender.Core.Messages;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Isolation;

/// <summary>
/// Every endpoint of the HTTP API, called with another account's key on the first account's ids: each answers
/// 404 (or works on the caller's own data) and shows nothing of the first account. The endpoints are read from the
/// running app, so one added without a case here fails the test.
/// </summary>
[Collection(AppCollection.Name)]
public class ApiIsolationTests : IAsyncLifetime
{
    private const string Secret = "Secret receipt 7781";
    private readonly SmartSenderApp _app = new();
    private Guid _message;
    private Guid _domain;
    private Guid _template;
    private Guid _webhook;
    private Guid _webhookDelivery;
    private Guid _ownerKey;
    private Guid _list;
    private Guid _contact;
    private Guid _campaign;
    private Guid _topic;
    private Guid _segment;
    private HttpClient _owner = default!;
    private HttpClient _stranger = default!;

    public async Task InitializeAsync()
    {
        var owner = (await _app.CreateAdminAsync()).Id;
        _domain = (await _app.VerifyDomainAsync(owner, "shop.test")).Id;
        _owner = _app.CreateApiClient(await _app.CreateApiKeyAsync(owner));
        var sent = await _owner.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "ann@example.test", subject = Secret, text = "Total: 12.00 EUR" });
        _message = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await _app.Smtp.NextAsync();
        Assert.Equal(HttpStatusCode.Created, (await _owner.PostAsJsonAsync("/api/v1/suppressions", new { address = "kim@example.test" })).StatusCode);
        var template = await _owner.PostAsJsonAsync("/api/v1/templates", new { name = "receipt", subject = Secret, text = "Total {{ total }}" });
        _template = (await template.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var webhook = await _owner.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/owner-hook", events = new[] { "message.delivered" } });
        _webhook = (await webhook.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("endpoint").GetProperty("id").GetGuid();
        _webhookDelivery = (await (await _owner.PostAsync($"/api/v1/webhooks/{_webhook}/test", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        _ownerKey = await _app.WithDbAsync(db => db.ApiKeys.Where(k => k.AccountId == owner).Select(k => k.Id).SingleAsync());
        _list = (await (await _owner.PostAsJsonAsync("/api/v1/lists", new { name = "Owners list" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        _contact = (await (await _owner.PostAsJsonAsync("/api/v1/contacts", new { email = "rae@example.test", name = "Rae", list_ids = new[] { _list } }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        _campaign = (await (await _owner.PostAsJsonAsync("/api/v1/campaigns", new { name = Secret, template_id = _template, list_id = _list, from = "news@shop.test" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        _topic = (await (await _owner.PostAsJsonAsync("/api/v1/topics", new { name = "Owners topic" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await _owner.PostAsJsonAsync("/api/v1/contact-fields", new { name = "owners_tier", type = "text" })).StatusCode);
        _segment = (await (await _owner.PostAsJsonAsync("/api/v1/segments", new { name = "Owners segment", list_id = _list }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var stranger = await _app.CreateCustomerUserAsync("bo@other.test", "Other-Password-1");
        _stranger = _app.CreateApiClient(await _app.CreateApiKeyAsync(stranger.AccountId, "other account"));
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        _stranger.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AnotherAccountsKey_GetsNothingOfTheAccount_FromAnyEndpoint()
    {
        var cases = new Dictionary<string, Func<Task<HttpResponseMessage>>>
        {
            ["POST /api/v1/messages"] = () => _stranger.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "x@example.test", subject = "Hi", text = "Hi" }),
            ["POST /api/v1/messages/batch"] = () => _stranger.PostAsJsonAsync("/api/v1/messages/batch", new { from = "orders@shop.test", messages = new[] { new { to = "x@example.test", subject = "Hi", text = "Hi" } } }),
            ["GET /api/v1/messages/{id:guid}"] = () => _stranger.GetAsync($"/api/v1/messages/{_message}"),
            ["GET /api/v1/messages"] = () => _stranger.GetAsync("/api/v1/messages?recipient=ann"),
            ["DELETE /api/v1/messages/{id:guid}"] = () => _stranger.DeleteAsync($"/api/v1/messages/{_message}"),
            ["PATCH /api/v1/messages/{id:guid}"] = () => _stranger.PatchAsJsonAsync($"/api/v1/messages/{_message}", new { send_at = DateTimeOffset.UtcNow.AddHours(1) }),
            ["GET /api/v1/messages/{id:guid}/content"] = () => _stranger.GetAsync($"/api/v1/messages/{_message}/content"),
            ["POST /api/v1/domains"] = () => _stranger.PostAsJsonAsync("/api/v1/domains", new { name = "shop.test" }),
            ["GET /api/v1/domains"] = () => _stranger.GetAsync("/api/v1/domains"),
            ["GET /api/v1/domains/{id:guid}"] = () => _stranger.GetAsync($"/api/v1/domains/{_domain}"),
            ["POST /api/v1/domains/{id:guid}/verify"] = () => _stranger.PostAsync($"/api/v1/domains/{_domain}/verify", null),
            ["PATCH /api/v1/domains/{id:guid}"] = () => _stranger.PatchAsJsonAsync($"/api/v1/domains/{_domain}", new { key_rotation_days = 90 }),
            ["GET /api/v1/domains/{id:guid}/dmarc"] = () => _stranger.GetAsync($"/api/v1/domains/{_domain}/dmarc"),
            ["GET /api/v1/contacts"] = () => _stranger.GetAsync("/api/v1/contacts"),
            ["POST /api/v1/contacts"] = () => _stranger.PostAsJsonAsync("/api/v1/contacts", new { email = "rae@example.test", list_ids = new[] { _list } }),
            ["GET /api/v1/contacts/{id:guid}"] = () => _stranger.GetAsync($"/api/v1/contacts/{_contact}"),
            ["DELETE /api/v1/contacts/{id:guid}"] = () => _stranger.DeleteAsync($"/api/v1/contacts/{_contact}"),
            ["PUT /api/v1/contacts/{id:guid}/lists/{listId:guid}"] = () => _stranger.PutAsJsonAsync($"/api/v1/contacts/{_contact}/lists/{_list}", new { status = "unsubscribed" }),
            ["GET /api/v1/lists"] = () => _stranger.GetAsync("/api/v1/lists"),
            ["POST /api/v1/lists"] = () => _stranger.PostAsJsonAsync("/api/v1/lists", new { name = "Their list" }),
            ["GET /api/v1/lists/{id:guid}/export"] = () => _stranger.GetAsync($"/api/v1/lists/{_list}/export"),
            ["GET /api/v1/campaigns"] = () => _stranger.GetAsync("/api/v1/campaigns"),
            ["PUT /api/v1/contacts/{id:guid}/topics/{topicId:guid}"] = () => _stranger.PutAsJsonAsync($"/api/v1/contacts/{_contact}/topics/{_topic}", new { status = "unsubscribed" }),
            ["GET /api/v1/topics"] = () => _stranger.GetAsync("/api/v1/topics"),
            ["POST /api/v1/topics"] = () => _stranger.PostAsJsonAsync("/api/v1/topics", new { name = "Owners topic" }),
            ["GET /api/v1/contact-fields"] = () => _stranger.GetAsync("/api/v1/contact-fields"),
            ["POST /api/v1/contact-fields"] = () => _stranger.PostAsJsonAsync("/api/v1/contact-fields", new { name = "plan", type = "text" }),
            ["GET /api/v1/segments"] = () => _stranger.GetAsync("/api/v1/segments"),
            ["POST /api/v1/segments"] = () => _stranger.PostAsJsonAsync("/api/v1/segments", new { name = "Theirs", list_id = _list }),
            ["GET /api/v1/segments/{id:guid}"] = () => _stranger.GetAsync($"/api/v1/segments/{_segment}"),
            ["PUT /api/v1/segments/{id:guid}"] = () => _stranger.PutAsJsonAsync($"/api/v1/segments/{_segment}", new { name = "Theirs", list_id = _list }),
            ["DELETE /api/v1/segments/{id:guid}"] = () => _stranger.DeleteAsync($"/api/v1/segments/{_segment}"),
            ["GET /api/v1/segments/{id:guid}/preview"] = () => _stranger.GetAsync($"/api/v1/segments/{_segment}/preview"),
            ["POST /api/v1/campaigns"] = () => _stranger.PostAsJsonAsync("/api/v1/campaigns", new { name = "Theirs", template_id = _template, list_id = _list, from = "news@shop.test" }),
            ["GET /api/v1/campaigns/{id:guid}"] = () => _stranger.GetAsync($"/api/v1/campaigns/{_campaign}"),
            ["PUT /api/v1/campaigns/{id:guid}"] = () => _stranger.PutAsJsonAsync($"/api/v1/campaigns/{_campaign}", new { name = "Theirs", template_id = _template, list_id = _list, from = "news@shop.test" }),
            ["GET /api/v1/campaigns/{id:guid}/audience"] = () => _stranger.GetAsync($"/api/v1/campaigns/{_campaign}/audience"),
            ["POST /api/v1/campaigns/{id:guid}/send"] = () => _stranger.PostAsJsonAsync($"/api/v1/campaigns/{_campaign}/send", new { }),
            ["POST /api/v1/campaigns/{id:guid}/pause"] = () => _stranger.PostAsync($"/api/v1/campaigns/{_campaign}/pause", null),
            ["POST /api/v1/campaigns/{id:guid}/resume"] = () => _stranger.PostAsync($"/api/v1/campaigns/{_campaign}/resume", null),
            ["POST /api/v1/campaigns/{id:guid}/cancel"] = () => _stranger.PostAsync($"/api/v1/campaigns/{_campaign}/cancel", null),
            ["GET /api/v1/events"] = () => _stranger.GetAsync("/api/v1/events"),
            ["GET /api/v1/lanes"] = () => _stranger.GetAsync("/api/v1/lanes"),
            ["GET /api/v1/reputation"] = () => _stranger.GetAsync("/api/v1/reputation"),
            ["GET /api/v1/stats"] = () => _stranger.GetAsync($"/api/v1/stats?campaign={_campaign}"),
            ["GET /api/v1/suppressions"] = () => _stranger.GetAsync("/api/v1/suppressions"),
            ["DELETE /api/v1/suppressions/{address}"] = () => _stranger.DeleteAsync("/api/v1/suppressions/kim@example.test"),
            ["POST /api/v1/suppressions"] = () => _stranger.PostAsJsonAsync("/api/v1/suppressions", new { address = "lee@example.test" }),
            ["POST /api/v1/recipients/erasures"] = () => _stranger.PostAsJsonAsync("/api/v1/recipients/erasures", new { address = "ann@example.test" }),
            ["GET /api/v1/api-keys"] = () => _stranger.GetAsync("/api/v1/api-keys"),
            ["POST /api/v1/api-keys"] = () => _stranger.PostAsJsonAsync("/api/v1/api-keys", new { name = "ci" }),
            ["DELETE /api/v1/api-keys/{id:guid}"] = () => _stranger.DeleteAsync($"/api/v1/api-keys/{_ownerKey}"),
            ["GET /api/v1/account/settings"] = () => _stranger.GetAsync("/api/v1/account/settings"),
            ["PATCH /api/v1/account/settings"] = () => _stranger.PatchAsJsonAsync("/api/v1/account/settings", new { culture = "de-DE" }),
            ["GET /api/v1/webhooks"] = () => _stranger.GetAsync("/api/v1/webhooks"),
            ["POST /api/v1/webhooks"] = () => _stranger.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/stranger-hook", events = new[] { "message.delivered" } }),
            ["GET /api/v1/webhooks/{id:guid}"] = () => _stranger.GetAsync($"/api/v1/webhooks/{_webhook}"),
            ["PATCH /api/v1/webhooks/{id:guid}"] = () => _stranger.PatchAsJsonAsync($"/api/v1/webhooks/{_webhook}", new { enabled = false }),
            ["DELETE /api/v1/webhooks/{id:guid}"] = () => _stranger.DeleteAsync($"/api/v1/webhooks/{_webhook}"),
            ["POST /api/v1/webhooks/{id:guid}/rotate-secret"] = () => _stranger.PostAsync($"/api/v1/webhooks/{_webhook}/rotate-secret", null),
            ["POST /api/v1/webhooks/{id:guid}/test"] = () => _stranger.PostAsync($"/api/v1/webhooks/{_webhook}/test", null),
            ["GET /api/v1/webhooks/{id:guid}/deliveries"] = () => _stranger.GetAsync($"/api/v1/webhooks/{_webhook}/deliveries"),
            ["POST /api/v1/webhooks/deliveries/{deliveryId:guid}/redeliver"] = () => _stranger.PostAsync($"/api/v1/webhooks/deliveries/{_webhookDelivery}/redeliver", null),
            ["GET /api/v1/templates"] = () => _stranger.GetAsync("/api/v1/templates?archived=true"),
            ["POST /api/v1/templates"] = () => _stranger.PostAsJsonAsync("/api/v1/templates", new { name = "receipt", subject = "Hi", text = "Hi" }),
            ["GET /api/v1/templates/{id:guid}"] = () => _stranger.GetAsync($"/api/v1/templates/{_template}"),
            ["POST /api/v1/templates/{id:guid}/versions"] = () => _stranger.PostAsJsonAsync($"/api/v1/templates/{_template}/versions", new { subject = "Hi", text = "Hi" }),
            ["POST /api/v1/templates/{id:guid}/versions/{number:int}/restore"] = () => _stranger.PostAsync($"/api/v1/templates/{_template}/versions/1/restore", null),
            ["POST /api/v1/templates/{id:guid}/duplicate"] = () => _stranger.PostAsync($"/api/v1/templates/{_template}/duplicate", null),
            ["POST /api/v1/templates/{id:guid}/archive"] = () => _stranger.PostAsync($"/api/v1/templates/{_template}/archive", null),
            ["POST /api/v1/templates/{id:guid}/unarchive"] = () => _stranger.PostAsync($"/api/v1/templates/{_template}/unarchive", null),
            ["POST /api/v1/templates/{id:guid}/render"] = () => _stranger.PostAsJsonAsync($"/api/v1/templates/{_template}/render", new { variables = new { total = 1 } }),
        };
        var expected = new Dictionary<string, HttpStatusCode>
        {
            ["POST /api/v1/messages"] = HttpStatusCode.UnprocessableEntity,
            ["GET /api/v1/lanes"] = HttpStatusCode.Forbidden,
            ["GET /api/v1/messages/{id:guid}"] = HttpStatusCode.NotFound,
            ["GET /api/v1/messages/{id:guid}/content"] = HttpStatusCode.NotFound,
            ["DELETE /api/v1/messages/{id:guid}"] = HttpStatusCode.NotFound,
            ["PATCH /api/v1/messages/{id:guid}"] = HttpStatusCode.NotFound,
            ["POST /api/v1/domains"] = HttpStatusCode.Conflict,
            ["GET /api/v1/domains/{id:guid}"] = HttpStatusCode.NotFound,
            ["POST /api/v1/domains/{id:guid}/verify"] = HttpStatusCode.NotFound,
            ["PATCH /api/v1/domains/{id:guid}"] = HttpStatusCode.NotFound,
            ["GET /api/v1/domains/{id:guid}/dmarc"] = HttpStatusCode.NotFound,

            // The stranger's "rae@example.test" is a contact of its own; the owner's list and template are not its to use.
            ["POST /api/v1/contacts"] = HttpStatusCode.NotFound,
            ["GET /api/v1/contacts/{id:guid}"] = HttpStatusCode.NotFound,
            ["DELETE /api/v1/contacts/{id:guid}"] = HttpStatusCode.NotFound,
            ["PUT /api/v1/contacts/{id:guid}/lists/{listId:guid}"] = HttpStatusCode.NotFound,
            ["POST /api/v1/lists"] = HttpStatusCode.Created,
            ["PUT /api/v1/contacts/{id:guid}/topics/{topicId:guid}"] = HttpStatusCode.NotFound,
            ["POST /api/v1/topics"] = HttpStatusCode.Created,
            ["GET /api/v1/stats"] = HttpStatusCode.BadRequest,
            ["POST /api/v1/contact-fields"] = HttpStatusCode.Created,
            ["POST /api/v1/segments"] = HttpStatusCode.NotFound,
            ["GET /api/v1/segments/{id:guid}"] = HttpStatusCode.NotFound,
            ["PUT /api/v1/segments/{id:guid}"] = HttpStatusCode.NotFound,
            ["DELETE /api/v1/segments/{id:guid}"] = HttpStatusCode.NotFound,
            ["GET /api/v1/segments/{id:guid}/preview"] = HttpStatusCode.NotFound,
            ["GET /api/v1/lists/{id:guid}/export"] = HttpStatusCode.NotFound,
            ["POST /api/v1/campaigns"] = HttpStatusCode.UnprocessableEntity,
            ["GET /api/v1/campaigns/{id:guid}"] = HttpStatusCode.NotFound,
            ["PUT /api/v1/campaigns/{id:guid}"] = HttpStatusCode.UnprocessableEntity,
            ["GET /api/v1/campaigns/{id:guid}/audience"] = HttpStatusCode.NotFound,
            ["POST /api/v1/campaigns/{id:guid}/send"] = HttpStatusCode.NotFound,
            ["POST /api/v1/campaigns/{id:guid}/pause"] = HttpStatusCode.NotFound,
            ["POST /api/v1/campaigns/{id:guid}/resume"] = HttpStatusCode.NotFound,
            ["POST /api/v1/campaigns/{id:guid}/cancel"] = HttpStatusCode.NotFound,
            ["DELETE /api/v1/suppressions/{address}"] = HttpStatusCode.NotFound,
            ["POST /api/v1/suppressions"] = HttpStatusCode.Created,
            ["POST /api/v1/webhooks"] = HttpStatusCode.Created,
            ["POST /api/v1/api-keys"] = HttpStatusCode.Created,
            ["DELETE /api/v1/api-keys/{id:guid}"] = HttpStatusCode.NotFound,
            ["GET /api/v1/webhooks/{id:guid}"] = HttpStatusCode.NotFound,
            ["PATCH /api/v1/webhooks/{id:guid}"] = HttpStatusCode.NotFound,
            ["DELETE /api/v1/webhooks/{id:guid}"] = HttpStatusCode.NotFound,
            ["POST /api/v1/webhooks/{id:guid}/rotate-secret"] = HttpStatusCode.NotFound,
            ["POST /api/v1/webhooks/{id:guid}/test"] = HttpStatusCode.NotFound,
            ["GET /api/v1/webhooks/{id:guid}/deliveries"] = HttpStatusCode.NotFound,
            ["POST /api/v1/webhooks/deliveries/{deliveryId:guid}/redeliver"] = HttpStatusCode.NotFound,

            // A name is the account's own: the stranger's "receipt" is a template of its own.
            ["POST /api/v1/templates"] = HttpStatusCode.Created,
            ["GET /api/v1/templates/{id:guid}"] = HttpStatusCode.NotFound,
            ["POST /api/v1/templates/{id:guid}/versions"] = HttpStatusCode.NotFound,
            ["POST /api/v1/templates/{id:guid}/versions/{number:int}/restore"] = HttpStatusCode.NotFound,
            ["POST /api/v1/templates/{id:guid}/duplicate"] = HttpStatusCode.NotFound,
            ["POST /api/v1/templates/{id:guid}/archive"] = HttpStatusCode.NotFound,
            ["POST /api/v1/templates/{id:guid}/unarchive"] = HttpStatusCode.NotFound,
            ["POST /api/v1/templates/{id:guid}/render"] = HttpStatusCode.NotFound,
        };

        Assert.Equal(ApiEndpoints().Order(), cases.Keys.Order());
        foreach (var (endpoint, call) in cases)
        {
            var response = await call();
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected.GetValueOrDefault(endpoint, HttpStatusCode.OK), $"{endpoint}: {(int)response.StatusCode} {body}");
            // An answer may repeat what the caller itself sent (the address it asked to remove), nothing else of the owner's.
            foreach (var secret in new[] { Secret, "ann@example.test", "kim@example.test", _message.ToString(), _domain.ToString(), _template.ToString(), _webhook.ToString(), _webhookDelivery.ToString(), _ownerKey.ToString(), "owner-hook", "ownership",
                _list.ToString(), _contact.ToString(), _campaign.ToString(), "Owners list", "rae@example.test",
                _topic.ToString(), _segment.ToString(), "owners_tier", "Owners segment" }
                .Where(s => !(endpoint.StartsWith("DELETE", StringComparison.Ordinal) && s == "kim@example.test")))
            {
                Assert.False(body.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{endpoint} showed '{secret}': {body}");
            }
        }

        // What the stranger did touched only its own account: the owner's message, domain and suppression are as they were.
        var stats = await _stranger.GetFromJsonAsync<JsonElement>("/api/v1/stats");
        Assert.Equal(0, stats.GetProperty("totals").GetProperty("submitted").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await _owner.GetAsync($"/api/v1/messages/{_message}")).StatusCode);
        Assert.Contains("kim@example.test", await _owner.GetStringAsync("/api/v1/suppressions"));
        Assert.DoesNotContain("rae@example.test", await _owner.GetStringAsync("/api/v1/suppressions"));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Messages.CountAsync()));
        Assert.Equal("ann@example.test", (await _owner.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{_message}")).GetProperty("to").GetString());
        Assert.True((await _owner.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{_webhook}")).GetProperty("enabled").GetBoolean());
        Assert.Equal("en-US", (await _owner.GetFromJsonAsync<JsonElement>("/api/v1/account/settings")).GetProperty("culture").GetString());
        Assert.Null((await _owner.GetFromJsonAsync<JsonElement>("/api/v1/api-keys"))[0].GetProperty("revokedAt").GetString());
        var owners = await _owner.GetFromJsonAsync<JsonElement>($"/api/v1/templates/{_template}");
        Assert.Equal((1, false), (owners.GetProperty("currentVersion").GetInt32(), owners.GetProperty("archived").GetBoolean()));
    }

    private IEnumerable<string> ApiEndpoints() =>
        _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Distinct();
}
