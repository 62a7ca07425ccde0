using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

[Collection(AppCollection.Name)]
public class EventsApiTests : ApiTest
{
    [Fact]
    public async Task List_FiltersByTypeAndRecipient_AndPagesWithTheCursorWithoutGapsOrRepeats()
    {
        foreach (var to in new[] { "ann@example.test", "bob@example.test", "cy@example.test" })
        {
            var sent = await Api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to, subject = "Receipt", text = "Total 12.00" });
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
            await App.Smtp.NextAsync();
        }

        var sentEvents = await Eventually.ReturnsAsync(() => Api.GetFromJsonAsync<JsonElement>("/api/v1/events?type=Delivered"), p => p.GetProperty("items").GetArrayLength() == 3);
        var bob = await Api.GetFromJsonAsync<JsonElement>("/api/v1/events?recipient=bob@");
        var first = await Api.GetFromJsonAsync<JsonElement>("/api/v1/events?limit=4");
        var second = await Api.GetFromJsonAsync<JsonElement>($"/api/v1/events?limit=4&cursor={first.GetProperty("next").GetString()}");

        Assert.All(sentEvents.GetProperty("items").EnumerateArray(), e => Assert.Equal("Delivered", e.GetProperty("type").GetString()));
        Assert.Equal(["Delivered", "Queued"], bob.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.All(bob.GetProperty("items").EnumerateArray(), e => Assert.Equal("bob@example.test", e.GetProperty("recipient").GetString()));
        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(6, ids.Count);
        Assert.Equal(ids.OrderByDescending(i => i), ids);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task List_WithAnUnknownTypeOrBadCursor_Is400NamingTheParameter()
    {
        var response = await Api.GetAsync("/api/v1/events?type=Delivered,Bounced&cursor=abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Contains("Bounced", errors.GetProperty("type")[0].GetString());
        Assert.True(errors.TryGetProperty("cursor", out _));
    }
}
