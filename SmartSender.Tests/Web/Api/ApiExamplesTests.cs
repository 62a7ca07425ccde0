using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartSender.Web.Api;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

/// <summary>The OpenAPI document's examples: every JSON request body has one, and each is a request the API accepts.</summary>
[Collection(AppCollection.Name)]
public sealed class ApiExamplesTests : ApiTest
{
    [Fact]
    public async Task EveryJsonRequestBody_HasAnExample()
    {
        var document = await Api.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var missing = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Value.TryGetProperty("requestBody", out var body)
                    && !body.GetProperty("content").GetProperty("application/json").TryGetProperty("example", out _))
                {
                    missing.Add($"{operation.Name.ToUpperInvariant()} {path.Name}");
                }
            }
        }

        Assert.Empty(missing);
        Assert.Equal("Queued", document.GetProperty("paths").GetProperty("/api/v1/messages").GetProperty("post").GetProperty("responses")
            .GetProperty("202").GetProperty("content").GetProperty("application/json").GetProperty("example").GetProperty("status").GetString());
    }

    [Fact]
    public async Task EachRequestExample_IsAcceptedByItsEndpoint()
    {
        var template = (await (await Send("POST /api/v1/templates")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var message = (await (await Api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "later@example.com", subject = "Later", text = "x", send_at = DateTimeOffset.UtcNow.AddDays(2) }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var webhook = (await (await Api.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/hook", events = new[] { "message.delivered" } }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("endpoint").GetProperty("id").GetGuid();
        var domain = (await Api.GetFromJsonAsync<JsonElement>("/api/v1/domains"))[0].GetProperty("id").GetGuid();
        var list = (await (await Api.PostAsJsonAsync("/api/v1/lists", new { name = "Customers" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var contact = (await (await Api.PostAsJsonAsync("/api/v1/contacts", new { email = "cy@example.com", list_ids = new[] { list } })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var campaign = (await (await Api.PostAsJsonAsync("/api/v1/campaigns", new { name = "Draft", template_id = template, list_id = list, from = "news@shop.test" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var topic = (await (await Api.PostAsJsonAsync("/api/v1/topics", new { name = "Offers" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var segment = (await (await Api.PostAsJsonAsync("/api/v1/segments", new { name = "All", list_id = list })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var ids = new Dictionary<string, string>
        {
            ["/api/v1/segments/{id}"] = segment.ToString(),
            ["/api/v1/templates/{id}"] = template.ToString(), ["/api/v1/messages/{id}"] = message.ToString(), ["/api/v1/webhooks/{id}"] = webhook.ToString(),
            ["/api/v1/domains/{id}"] = domain.ToString(), ["/api/v1/contacts/{id}"] = contact.ToString(), ["/api/v1/campaigns/{id}"] = campaign.ToString(),
        };

        foreach (var operation in ApiExamples.Requests.Keys.Where(k => k != "POST /api/v1/templates" && k != "POST /api/v1/webhooks"))
        {
            var path = ids.Aggregate(operation, (o, id) => o.Replace(id.Key, id.Key.Replace("{id}", id.Value))).Replace("{listId}", list.ToString())
                .Replace("{topicId}", topic.ToString());
            // A send time is the one value an example cannot keep valid for ever: the shape is what is checked. Ids are the account's own.
            var json = ApiExamples.Requests[operation].Replace("2030-01-15T09:00:00Z", DateTime.UtcNow.AddDays(1).ToString("O"))
                .Replace("{template_id}", template.ToString()).Replace("{list_id}", list.ToString());
            var response = await Send(path, json);
            Assert.True(response.IsSuccessStatusCode, $"{operation}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private Task<HttpResponseMessage> Send(string operation, string? json = null)
    {
        var (method, path) = (operation.Split(' ')[0], operation.Split(' ')[1]);
        var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(json ?? ApiExamples.Requests[operation], Encoding.UTF8, "application/json"),
        };
        return Api.SendAsync(request);
    }
}
