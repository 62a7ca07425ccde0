using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SmartSender.Web.Api;

/// <summary>
/// An example for every JSON request body of the API, and for the answers a caller meets first, in the OpenAPI
/// document (the reference page's "Example Value", a generated client's docs). Each request example is a request the
/// API accepts as it stands on a fresh account with the sending domain <c>shop.test</c> (ApiExamplesTests sends them).
/// </summary>
public static class ApiExamples
{
    public static readonly IReadOnlyDictionary<string, string> Requests = new Dictionary<string, string>
    {
        ["POST /api/v1/messages"] = """
            {"from": "Shop <orders@shop.test>", "to": "ann@example.com", "subject": "Your order 1042", "html": "<p>Thanks for your order, Ann.</p>",
             "text": "Thanks for your order, Ann.", "tags": ["orders"], "metadata": {"order": "1042"}}
            """,
        ["POST /api/v1/messages/batch"] = """
            {"from": "Shop <orders@shop.test>", "messages": [
              {"to": "ann@example.com", "subject": "Your order 1042", "text": "Thanks, Ann.", "metadata": {"order": "1042"}},
              {"to": "bob@example.com", "subject": "Your order 1043", "text": "Thanks, Bob.", "metadata": {"order": "1043"}}]}
            """,
        ["PATCH /api/v1/messages/{id}"] = """{"send_at": "2030-01-15T09:00:00Z"}""",
        ["POST /api/v1/webhooks"] = """{"url": "https://hooks.example.com/smartsender", "events": ["message.delivered", "message.hard_bounced", "message.complained"]}""",
        ["PATCH /api/v1/webhooks/{id}"] = """{"enabled": false}""",
        ["POST /api/v1/api-keys"] = """{"name": "Web shop", "scope": "send", "domains": ["shop.test"], "test": false}""",
        ["PATCH /api/v1/account/settings"] = """{"culture": "de-DE", "tracking": {"transactional_opens": true}, "content_retention_days": 90}""",
        ["POST /api/v1/domains"] = """{"name": "news.shop.test"}""",
        ["PATCH /api/v1/domains/{id}"] = """{"key_rotation_days": 180}""",
        ["POST /api/v1/templates"] = """{"name": "welcome", "subject": "Welcome, {{ name }}", "html": "<p>Hi {{ name }}</p>", "sample_variables": {"name": "Ann"}}""",
        ["POST /api/v1/templates/{id}/versions"] = """{"subject": "Welcome aboard, {{ name }}", "html": "<p>Hello {{ name }}</p>"}""",
        ["POST /api/v1/templates/{id}/render"] = """{"variables": {"name": "Ann"}}""",
        ["POST /api/v1/suppressions"] = """{"address": "former-customer@example.com", "note": "Asked by phone to stop"}""",
        ["POST /api/v1/recipients/erasures"] = """{"address": "former-customer@example.com"}""",
        ["POST /api/v1/contacts"] = """{"email": "ann@example.com", "name": "Ann", "list_ids": []}""",
        ["PUT /api/v1/contacts/{id}/lists/{listId}"] = """{"status": "unsubscribed"}""",
        ["POST /api/v1/lists"] = """{"name": "Newsletter"}""",
        ["PUT /api/v1/contacts/{id}/topics/{topicId}"] = """{"status": "unsubscribed"}""",
        ["POST /api/v1/contact-fields"] = """{"name": "plan", "type": "text"}""",
        ["POST /api/v1/topics"] = """{"name": "Product news", "description": "New features, once a month", "subscribed_by_default": true}""",
        ["POST /api/v1/segments"] = """{"name": "Recent customers", "list_id": "{list_id}", "match": "all", "conditions": [{"field": "email", "op": "ends_with", "value": "@example.com"}, {"field": "created_at", "op": "in_last_days", "value": "30"}]}""",
        ["PUT /api/v1/segments/{id}"] = """{"name": "This week's customers", "list_id": "{list_id}", "match": "any", "conditions": [{"field": "created_at", "op": "in_last_days", "value": "7"}]}""",
        ["POST /api/v1/campaigns"] = """{"name": "Spring sale", "template_id": "{template_id}", "list_id": "{list_id}", "from": "Shop <news@shop.test>", "defaults": {"first_name": "there"}}""",
        ["PUT /api/v1/campaigns/{id}"] = """{"name": "Spring sale, second wave", "template_id": "{template_id}", "list_id": "{list_id}", "from": "Shop <news@shop.test>"}""",
        ["POST /api/v1/campaigns/{id}/send"] = """{"send_at": "2030-01-15T09:00:00Z"}""",
    };

    private static readonly IReadOnlyDictionary<(string Operation, string Status), string> Responses = new Dictionary<(string, string), string>
    {
        [("POST /api/v1/messages", "202")] = """{"id": "0193e3c2-8a4b-7c1d-9e2f-3a4b5c6d7e8f", "status": "Queued"}""",
        [("POST /api/v1/messages", "422")] = """
            {"type": "https://tools.ietf.org/html/rfc4918#section-11.2", "title": "The message was not accepted", "status": 422,
             "detail": "ann@example.com is on the account's suppression list (HardBounce).", "reason": "suppressed", "codes": ["suppressed"],
             "errors": {"to": ["ann@example.com is on the account's suppression list (HardBounce)."]}}
            """,
        [("POST /api/v1/messages/batch", "200")] = """
            {"accepted": 1, "refused": 1, "items": [
              {"index": 0, "to": "ann@example.com", "id": "0193e3c2-8a4b-7c1d-9e2f-3a4b5c6d7e8f", "status": "Queued", "error": null},
              {"index": 1, "to": "bob@example", "id": null, "status": null,
               "error": {"title": "The message was not accepted", "status": 400, "detail": "'bob@example' is not a valid recipient address.", "codes": ["to_invalid"],
                         "errors": {"to": ["'bob@example' is not a valid recipient address."]}}}]}
            """,
        [("POST /api/v1/webhooks", "201")] = """
            {"endpoint": {"id": "5b0c1a7e-2f4d-4e8a-9c3b-7d6e5f4a3b2c", "url": "https://hooks.example.com/smartsender", "events": ["message.delivered", "message.hard_bounced"],
                          "enabled": true, "status": "Active", "failingSince": null, "lastError": null, "createdAt": "2026-12-06T10:00:00Z", "previous_secret_expires_at": null},
             "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}
            """,
    };

    public static OpenApiOptions AddApiExamples(this OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        var key = $"{context.Description.HttpMethod} /{context.Description.RelativePath?.TrimEnd('/')}";
        key = System.Text.RegularExpressions.Regex.Replace(key, @"\{(\w+):[^}]+\}", "{$1}");
        if (Requests.TryGetValue(key, out var request) && operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true)
        {
            body.Example = JsonNode.Parse(request);
        }

        foreach (var ((op, status), example) in Responses.Where(r => r.Key.Operation == key))
        {
            if (operation.Responses?.TryGetValue(status, out var response) == true && response.Content?.Values.FirstOrDefault() is { } media)
            {
                media.Example = JsonNode.Parse(example);
            }
        }

        return Task.CompletedTask;
    });
}
