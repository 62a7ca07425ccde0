using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SmartSender.Core.Suppressions;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Campaigns;

/// <summary>
/// Who a campaign goes to, through the API of the running app: typed fields, a saved segment on them, a topic that
/// one contact left, suppressed addresses; the one-click unsubscribe of a topic's mail; what a contact shows once its
/// address bounced or complained, and that erasing the address deletes the contact.
/// </summary>
[Collection(AppCollection.Name)]
public partial class AudienceTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new();
    private HttpClient _api = default!;
    private Guid _account;
    private Guid _list;

    public async Task InitializeAsync()
    {
        _account = (await _app.CreateAdminAsync()).Id;
        await _app.VerifyDomainAsync(_account, "shop.test");
        _api = _app.CreateApiClient(await _app.CreateApiKeyAsync(_account));
        _list = (await CreatedAsync("/api/v1/lists", new { name = "Customers" })).GetProperty("id").GetGuid();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ASegmentOnTypedFields_OnATopic_GoesToExactlyWhoMeetsIt_AndTheOneClickUnsubscribeLeavesTheTopicNotTheList()
    {
        await CreatedAsync("/api/v1/contact-fields", new { name = "plan", type = "text" });
        await CreatedAsync("/api/v1/contact-fields", new { name = "orders", type = "number" });
        var topic = (await CreatedAsync("/api/v1/topics", new { name = "Product news", subscribed_by_default = true })).GetProperty("id").GetGuid();
        var ids = new Dictionary<string, Guid>();
        foreach (var (name, plan, orders, onList) in new[]
        {
            ("ann", "pro", 5, true), ("bob", "pro", 1, true), ("cy", "free", 9, true), ("dee", "pro", 7, true), ("eve", "pro", 8, true),
            ("fay", "pro", 6, false), ("gus", "pro", 12, true),
        })
        {
            var saved = await _api.PostAsJsonAsync("/api/v1/contacts", new { email = $"{name}@example.test", name, fields = new { plan, orders }, list_ids = onList ? new[] { _list } : [] });
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            ids[name] = (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }

        // dee's address is suppressed; eve leaves the topic; fay is not on the list.
        Assert.Equal(HttpStatusCode.Created, (await _api.PostAsJsonAsync("/api/v1/suppressions", new { address = "dee@example.test" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.PutAsJsonAsync($"/api/v1/contacts/{ids["eve"]}/topics/{topic}", new { status = "unsubscribed" })).StatusCode);
        var bad = await _api.PostAsJsonAsync("/api/v1/segments", new { name = "Keen", list_id = _list, conditions = new[] { new { field = "orders", op = "contains", value = "5" } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("orders", await bad.Content.ReadAsStringAsync());
        var segment = (await CreatedAsync("/api/v1/segments", new
        {
            name = "Keen pro customers", list_id = _list, match = "all",
            conditions = new[] { new { field = "plan", op = "equals", value = "pro" }, new { field = "orders", op = "gte", value = "5" } },
        })).GetProperty("id").GetGuid();

        var preview = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/segments/{segment}/preview?topic_id={topic}");
        Assert.Equal((3, 1, 2), (preview.GetProperty("selected").GetInt32(), preview.GetProperty("suppressed").GetInt32(), preview.GetProperty("recipients").GetInt32()));
        Assert.Equal(["ann@example.test", "gus@example.test"], preview.GetProperty("first").EnumerateArray().Select(e => e.GetString()).Order());

        var template = (await CreatedAsync("/api/v1/templates", new { name = "news", subject = "For {{ name }}: {{ orders }} orders", text = "Hello {{ name }}" })).GetProperty("id").GetGuid();
        var campaign = (await CreatedAsync("/api/v1/campaigns", new { name = "Keen", template_id = template, list_id = _list, segment_id = segment, topic_id = topic, from = "news@shop.test" }))
            .GetProperty("id").GetGuid();
        var audience = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{campaign}/audience");
        Assert.Equal((3, 1, 2), (audience.GetProperty("selected").GetInt32(), audience.GetProperty("suppressed").GetInt32(), audience.GetProperty("recipients").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, (await _api.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/send", new { })).StatusCode);

        var received = new[] { await _app.Smtp.NextAsync(TimeSpan.FromSeconds(30)), await _app.Smtp.NextAsync(TimeSpan.FromSeconds(30)) };
        Assert.Equal(["For ann: 5 orders", "For gus: 12 orders"], received.Select(m => m.Subject).Order());

        // ann unsubscribes with the one-click POST: she leaves the topic and stays on the list.
        var ann = received.Single(m => m.Subject == "For ann: 5 orders");
        var link = new Uri(OneClick().Match(ann.Headers["List-Unsubscribe"] ?? "").Groups[1].Value);
        using (var http = _app.CreateClient())
        {
            var posted = await http.PostAsync(link.PathAndQuery, new StringContent("List-Unsubscribe=One-Click", Encoding.ASCII, "application/x-www-form-urlencoded"));
            Assert.True(posted.IsSuccessStatusCode, $"{(int)posted.StatusCode}");
        }

        var contact = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/contacts/{ids["ann"]}");
        Assert.False(contact.GetProperty("topics").EnumerateArray().Single().GetProperty("subscribed").GetBoolean());
        Assert.Equal("subscribed", contact.GetProperty("lists").EnumerateArray().Single().GetProperty("status").GetString());
        Assert.Null(contact.GetProperty("suppressed").GetString());

        // The campaign's own figures through the stats API's filter: two delivered, one unsubscribe; none of another campaign's.
        var stats = await Eventually.ReturnsAsync(
            () => _api.GetFromJsonAsync<JsonElement>($"/api/v1/stats?campaign={campaign}"),
            s => s.GetProperty("totals").GetProperty("delivered").GetInt64() == 2 && s.GetProperty("totals").GetProperty("unsubscribed").GetInt64() == 1);
        Assert.Equal(2, stats.GetProperty("totals").GetProperty("submitted").GetInt64());
        var other = (await CreatedAsync("/api/v1/campaigns", new { name = "Other", template_id = template, list_id = _list, from = "news@shop.test" })).GetProperty("id").GetGuid();
        Assert.Equal(0, (await _api.GetFromJsonAsync<JsonElement>($"/api/v1/stats?campaign={other}")).GetProperty("totals").GetProperty("submitted").GetInt64());
    }

    [Fact]
    public async Task ASegment_ADraftCampaignGoesTo_IsNotDeleted_UntilThatCampaignIsCancelled()
    {
        var segment = (await CreatedAsync("/api/v1/segments", new { name = "Everyone", list_id = _list, conditions = Array.Empty<object>() })).GetProperty("id").GetGuid();
        var template = (await CreatedAsync("/api/v1/templates", new { name = "news", subject = "News", text = "Hello" })).GetProperty("id").GetGuid();
        var campaign = (await CreatedAsync("/api/v1/campaigns", new { name = "Draft", template_id = template, list_id = _list, segment_id = segment, from = "news@shop.test" }))
            .GetProperty("id").GetGuid();

        var refused = await _api.DeleteAsync($"/api/v1/segments/{segment}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("segment_in_use", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync($"/api/v1/segments/{segment}")).StatusCode);

        Assert.True((await _api.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/cancel", new { })).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _api.DeleteAsync($"/api/v1/segments/{segment}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync($"/api/v1/segments/{segment}")).StatusCode);
    }

    [Fact]
    public async Task ABouncedAndAComplainedAddress_ShowSoOnTheirLists_AndErasingAnAddressDeletesItsContact()
    {
        foreach (var name in new[] { "hal", "ida", "jo" })
        {
            Assert.Equal(HttpStatusCode.OK, (await _api.PostAsJsonAsync("/api/v1/contacts", new { email = $"{name}@example.test", list_ids = new[] { _list } })).StatusCode);
        }

        await _app.WithDbAsync(async db =>
        {
            db.Suppressions.Add(new Suppression(_account, "hal@example.test", SuppressionReason.HardBounce, "550 5.1.1 no such user", null, DateTime.UtcNow));
            db.Suppressions.Add(new Suppression(_account, "ida@example.test", SuppressionReason.Complaint, null, null, DateTime.UtcNow));
            return await db.SaveChangesAsync();
        });

        var page = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/contacts?list_id={_list}");
        var shown = page.GetProperty("items").EnumerateArray().ToDictionary(
            c => c.GetProperty("email").GetString()!, c => (c.GetProperty("lists")[0].GetProperty("status").GetString(), c.GetProperty("suppressed").GetString()));
        Assert.Equal(("bounced", "HardBounce"), shown["hal@example.test"]);
        Assert.Equal(("complained", "Complaint"), shown["ida@example.test"]);
        Assert.Equal(("subscribed", null), shown["jo@example.test"]);
        var lists = await _api.GetFromJsonAsync<JsonElement>("/api/v1/lists");
        Assert.Equal((3, 1), (lists[0].GetProperty("contacts").GetInt32(), lists[0].GetProperty("subscribed").GetInt32()));

        var erased = await _api.PostAsJsonAsync("/api/v1/recipients/erasures", new { address = "jo@example.test" });
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var left = await _api.GetFromJsonAsync<JsonElement>("/api/v1/contacts?search=jo@");
        Assert.Equal(0, left.GetProperty("total").GetInt32());
    }

    private async Task<JsonElement> CreatedAsync(string path, object body)
    {
        var response = await _api.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [GeneratedRegex("<(https?://[^>]+)>")]
    private static partial Regex OneClick();
}
