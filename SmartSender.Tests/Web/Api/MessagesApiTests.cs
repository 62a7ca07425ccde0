using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Domains;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

/// <summary>
/// POST /api/v1/messages: a message accepted, delivered and shown; refused for its domain or a suppressed address; its
/// headers, tags, metadata, schedule and attachments; the key and the account it belongs to.
/// </summary>
[Collection(AppCollection.Name)]
public class MessagesApiTests : ApiTest
{
    [Fact]
    public async Task Post_ValidMessage_IsAcceptedAndArrivesAtTheRelay()
    {
        var response = await Api.PostAsJsonAsync("/api/v1/messages", new
        {
            from = "Shop <orders@shop.test>",
            to = "ann@example.test",
            subject = "Your receipt",
            text = "Total: 12.00 EUR",
            html = "<p>Total: <strong>12.00 EUR</strong></p>",
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = accepted.GetProperty("id").GetGuid();
        Assert.Equal("Queued", accepted.GetProperty("status").GetString());
        Assert.Equal($"/api/v1/messages/{id}", response.Headers.Location?.OriginalString);

        var received = await App.Smtp.NextAsync();
        Assert.Equal("Your receipt", received.Subject);
        Assert.Equal("ann@example.test", received.To.Mailboxes.Single().Address);
        Assert.Equal(id.ToString(), received.Headers["X-SmartSender-Message-Id"]);
        Assert.Contains("Total: 12.00 EUR", received.TextBody);
        Assert.Contains("<strong>12.00 EUR</strong>", received.HtmlBody);

        var view = await Eventually.ReturnsAsync(
            () => Api.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}"),
            v => v.GetProperty("status").GetString() != "Queued");
        Assert.Equal("Delivered", view.GetProperty("status").GetString());
        Assert.StartsWith("250", view.GetProperty("lastReply").GetString());
        Assert.Equal(["Queued", "Delivered"], view.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Post_FromADomainThatIsNotTheAccounts_Is422UnsignedAndQueuesNothing()
    {
        var response = await Api.PostAsJsonAsync("/api/v1/messages", new { from = "news@unverified.test", to = "ann@example.test", subject = "Hi", text = "Hello" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unsigned", problem.GetProperty("reason").GetString());
        Assert.Equal("unverified.test", problem.GetProperty("domain").GetString());
        Assert.Contains("not one of your sending domains", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_FromADomainWhoseDkimBroke_Is422NamingTheFailingRecord()
    {
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var domains = scope.ServiceProvider.GetRequiredService<SendingDomains>();
            var domain = await scope.ServiceProvider.GetRequiredService<SendingDomainCache>().FindAsync(AccountId, "shop.test");
            App.Dns.Remove(domains.RecordsOf(domain!).Single(r => r.Kind == DnsRecordKind.Dkim).FullName);
            await domains.VerifyAllAsync();
        }

        var response = await Api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "ann@example.test", subject = "Hi", text = "Hello" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unsigned", problem.GetProperty("reason").GetString());
        var failing = Assert.Single(problem.GetProperty("failingRecords").EnumerateArray());
        Assert.StartsWith("DKIM", failing.GetProperty("record").GetString());
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_ToASuppressedAddress_Is422WithReasonSuppressed_AndStoresNothing()
    {
        await App.Services.GetRequiredService<Core.Suppressions.SuppressionList>()
            .AddAsync(AccountId, "gone@example.test", Core.Suppressions.SuppressionReason.HardBounce, "550 5.1.1 User unknown", null);

        var response = await Api.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "Gone@example.test", subject = "s", text = "t" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("suppressed", problem.GetProperty("reason").GetString());
        Assert.Equal("HardBounce", problem.GetProperty("suppressedBecause").GetString());
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_WithHeadersTagsAndMetadata_SendsTheHeadersAndKeepsTheRest()
    {
        var response = await Api.PostAsJsonAsync("/api/v1/messages", new
        {
            from = "a@shop.test",
            to = "b@example.test",
            subject = "s",
            text = "t",
            headers = new Dictionary<string, string> { ["X-Order-Id"] = "1042" },
            tags = new[] { "receipt", "eu" },
            metadata = new Dictionary<string, object> { ["customer"] = "88213", ["attempt"] = 2 },
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("1042", (await App.Smtp.NextAsync()).Headers["X-Order-Id"]);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var view = await Api.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}");
        Assert.Equal(["receipt", "eu"], view.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("2", view.GetProperty("metadata").GetProperty("attempt").GetString());
    }

    [Fact]
    public async Task Post_WithSendAt_IsQueuedDueAtThatTime()
    {
        var sendAt = DateTimeOffset.UtcNow.AddHours(3);

        var response = await Api.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test", subject = "Later", text = "t", send_at = sendAt });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var view = await Api.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}");
        Assert.Equal("Queued", view.GetProperty("status").GetString());
        Assert.Equal(sendAt.UtcDateTime, view.GetProperty("sendAt").GetDateTime(), TimeSpan.FromMilliseconds(1));
        var queue = App.Services.GetRequiredService<SmartSender.Core.Delivery.Queue.DeliveryQueue>();
        Assert.Equal(sendAt.UtcDateTime, (await queue.NextDueAsync(Guid.NewGuid()))!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Empty(await queue.ClaimAsync(Guid.NewGuid(), 10, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Post_WithAnAttachment_DeliversIt()
    {
        var pdf = "%PDF-1.4 invoice 1042"u8.ToArray();

        var response = await Api.PostAsJsonAsync("/api/v1/messages", new
        {
            from = "a@shop.test", to = "b@example.test", subject = "Invoice", text = "Attached.",
            attachments = new[] { new { filename = "invoice-1042.pdf", content_type = "application/pdf", content = Convert.ToBase64String(pdf) } },
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var attachment = Assert.Single((await App.Smtp.NextAsync()).Attachments.OfType<MimeKit.MimePart>());
        Assert.Equal("invoice-1042.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        using var decoded = new MemoryStream();
        await attachment.Content!.DecodeToAsync(decoded);
        Assert.Equal(pdf, decoded.ToArray());
    }

    [Fact]
    public async Task Post_WithoutKey_Is401ProblemDetails()
    {
        using var anonymous = App.CreateApiClient(null);

        var response = await anonymous.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test", subject = "s", text = "t" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Post_WithUnknownKey_Is401()
    {
        using var stranger = App.CreateApiClient("ss_" + new string('A', 43));

        var response = await stranger.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test", subject = "s", text = "t" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task Get_MessageOfAnotherAccount_Is404()
    {
        var customer = await App.CreateCustomerUserAsync("dev@customer.test", "Customer-Pass-1");
        using var other = App.CreateApiClient(await App.CreateApiKeyAsync(customer.AccountId));
        var response = await Api.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test", subject = "s", text = "t" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var foreign = await other.GetAsync($"/api/v1/messages/{id}");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }
}
