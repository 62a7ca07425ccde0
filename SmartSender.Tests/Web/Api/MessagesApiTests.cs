using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Domains;
using SmartSender.Core.Templates;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

[Collection(AppCollection.Name)]
public class MessagesApiTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new();
    private HttpClient _api = default!;
    private Guid _accountId;

    public async Task InitializeAsync()
    {
        _accountId = (await _app.CreateAdminAsync()).Id;
        _api = _app.CreateApiClient(await _app.CreateApiKeyAsync(_accountId));
        await _app.VerifyDomainAsync(_accountId, "shop.test");
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Post_ValidMessage_IsAcceptedAndArrivesAtTheRelay()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/messages", new
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

        var received = await _app.Smtp.NextAsync();
        Assert.Equal("Your receipt", received.Subject);
        Assert.Equal("ann@example.test", received.To.Mailboxes.Single().Address);
        Assert.Equal(id.ToString(), received.Headers["X-SmartSender-Message-Id"]);
        Assert.Contains("Total: 12.00 EUR", received.TextBody);
        Assert.Contains("<strong>12.00 EUR</strong>", received.HtmlBody);

        var view = await Eventually.ReturnsAsync(
            () => _api.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}"),
            v => v.GetProperty("status").GetString() != "Queued");
        Assert.Equal("Delivered", view.GetProperty("status").GetString());
        Assert.StartsWith("250", view.GetProperty("lastReply").GetString());
        Assert.Equal(["Queued", "Delivered"], view.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Post_FromADomainThatIsNotTheAccounts_Is422UnsignedAndQueuesNothing()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "news@unverified.test", to = "ann@example.test", subject = "Hi", text = "Hello" });

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
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var domains = scope.ServiceProvider.GetRequiredService<SendingDomains>();
            var domain = await scope.ServiceProvider.GetRequiredService<SendingDomainCache>().FindAsync(_accountId, "shop.test");
            _app.Dns.Remove(domains.RecordsOf(domain!).Single(r => r.Kind == DnsRecordKind.Dkim).FullName);
            await domains.VerifyAllAsync();
        }

        var response = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "ann@example.test", subject = "Hi", text = "Hello" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unsigned", problem.GetProperty("reason").GetString());
        var failing = Assert.Single(problem.GetProperty("failingRecords").EnumerateArray());
        Assert.StartsWith("DKIM", failing.GetProperty("record").GetString());
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_WithATemplate_RendersItWithTheVariablesAndRecordsTheVersion()
    {
        var version = await CreateTemplateAsync("Order shipped", new TemplateContent(
            "Order {{ order.id }} is on its way, {{ name }}", "<p>Hi {{ name }}, {{ order.items | size }} items ship today.</p>", null));

        var response = await _api.PostAsJsonAsync("/api/v1/messages", new
        {
            from = "Shop <orders@shop.test>",
            to = "ann@example.test",
            reply_to = "help@shop.test",
            template = "Order shipped",
            variables = new { name = "Ann <3", order = new { id = 1042, items = new[] { "tea", "mug" } } },
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var received = await _app.Smtp.NextAsync();
        Assert.Equal("Order 1042 is on its way, Ann <3", received.Subject);
        Assert.Contains("Hi Ann &lt;3, 2 items ship today.", received.HtmlBody);
        Assert.Contains("Hi Ann <3, 2 items ship today.", received.TextBody);
        Assert.Equal("help@shop.test", received.ReplyTo.Mailboxes.Single().Address);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var view = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}");
        Assert.Equal(version.Id, view.GetProperty("templateVersionId").GetGuid());
    }

    [Fact]
    public async Task Post_TemplateWithAMissingVariable_Is422NamingItAndStoresNothing()
    {
        await CreateTemplateAsync("Welcome", new TemplateContent("Hi {{ name }}", null, "Your code: {{ code }}"));

        var response = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test", template = "Welcome", variables = new { name = "Ann" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("code", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_TemplateProblemAndTwoRecipients_Is400WithBothProblems()
    {
        await CreateTemplateAsync("Welcome", new TemplateContent("Hi {{ name }}", null, "Your code: {{ code }}"));

        var response = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test, c@example.test", template = "Welcome", variables = new { name = "Ann" } });

        var errors = (await AssertValidationProblemAsync(response)).GetProperty("errors");
        Assert.Contains("one recipient at a time", errors.GetProperty("to")[0].GetString());
        Assert.Contains("code", errors.GetProperty("variables")[0].GetString());
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_ToASuppressedAddress_Is422WithReasonSuppressed_AndStoresNothing()
    {
        await _app.Services.GetRequiredService<Core.Suppressions.SuppressionList>()
            .AddAsync(_accountId, "gone@example.test", Core.Suppressions.SuppressionReason.HardBounce, "550 5.1.1 User unknown", null);

        var response = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "Gone@example.test", subject = "s", text = "t" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("suppressed", problem.GetProperty("reason").GetString());
        Assert.Equal("HardBounce", problem.GetProperty("suppressedBecause").GetString());
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_UnknownTemplate_Is422()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test", template = "Nope" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_TemplateAndBodyTogether_Is400()
    {
        await CreateTemplateAsync("Welcome", new TemplateContent("Hi", null, "Hello"));

        var response = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test", template = "Welcome", subject = "Also this", text = "t" });

        await AssertValidationProblemAsync(response);
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_UnknownStream_Is400NamingStream()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test", subject = "s", text = "t", stream = "bulk" });

        Assert.True((await AssertValidationProblemAsync(response)).GetProperty("errors").TryGetProperty("stream", out _));
    }

    [Fact]
    public async Task Post_RetriedWithTheSameIdempotencyKey_ReturnsTheFirstAnswerAndSendsOnce()
    {
        var body = new { from = "a@shop.test", to = "b@example.test", subject = "Receipt", text = "t" };

        var first = await PostWithKeyAsync("order-1042-receipt", body);
        var retry = await PostWithKeyAsync("order-1042-receipt", body);

        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_TwoConcurrentRequestsWithOneIdempotencyKey_MakeOneMessage()
    {
        var body = new { from = "a@shop.test", to = "b@example.test", subject = "Receipt", text = "t" };

        var answers = await Task.WhenAll(PostWithKeyAsync("same-key", body), PostWithKeyAsync("same-key", body));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        var ids = await Task.WhenAll(answers.Select(async a => (await a.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()));
        Assert.Equal(ids[0], ids[1]);
        Assert.Equal(1, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_IdempotencyKeyReusedForAnotherRequest_Is422()
    {
        await PostWithKeyAsync("key-1", new { from = "a@shop.test", to = "b@example.test", subject = "One", text = "t" });

        var other = await PostWithKeyAsync("key-1", new { from = "a@shop.test", to = "b@example.test", subject = "Two", text = "t" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(1, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_WithHeadersTagsAndMetadata_SendsTheHeadersAndKeepsTheRest()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/messages", new
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
        Assert.Equal("1042", (await _app.Smtp.NextAsync()).Headers["X-Order-Id"]);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var view = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}");
        Assert.Equal(["receipt", "eu"], view.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("2", view.GetProperty("metadata").GetProperty("attempt").GetString());
    }

    [Theory]
    [InlineData("From", "evil@other.test")]
    [InlineData("DKIM-Signature", "v=1")]
    [InlineData("Message-ID", "<x@y>")]
    [InlineData("X-Note", "line\r\nBcc: all@example.test")]
    [InlineData("Bad Name", "x")]
    public async Task Post_HeaderThatWouldOverrideOrInject_Is400NamingHeaders(string name, string value)
    {
        var response = await _api.PostAsJsonAsync("/api/v1/messages", new
        {
            from = "a@shop.test", to = "b@example.test", subject = "s", text = "t",
            headers = new Dictionary<string, string> { [name] = value },
        });

        Assert.True((await AssertValidationProblemAsync(response)).GetProperty("errors").TryGetProperty("headers", out _));
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_WithSendAt_IsQueuedDueAtThatTime()
    {
        var sendAt = DateTimeOffset.UtcNow.AddHours(3);

        var response = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test", subject = "Later", text = "t", send_at = sendAt });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var view = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}");
        Assert.Equal("Queued", view.GetProperty("status").GetString());
        Assert.Equal(sendAt.UtcDateTime, view.GetProperty("sendAt").GetDateTime(), TimeSpan.FromMilliseconds(1));
        var queue = _app.Services.GetRequiredService<SmartSender.Core.Delivery.Queue.DeliveryQueue>();
        Assert.Equal(sendAt.UtcDateTime, (await queue.NextDueAsync(Guid.NewGuid()))!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Empty(await queue.ClaimAsync(Guid.NewGuid(), 10, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Post_WithSendAtInThePast_Is400NamingSendAt()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test", subject = "s", text = "t", send_at = DateTimeOffset.UtcNow.AddDays(-1) });

        Assert.True((await AssertValidationProblemAsync(response)).GetProperty("errors").TryGetProperty("send_at", out _));
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_WithAnAttachment_DeliversIt()
    {
        var pdf = "%PDF-1.4 invoice 1042"u8.ToArray();

        var response = await _api.PostAsJsonAsync("/api/v1/messages", new
        {
            from = "a@shop.test", to = "b@example.test", subject = "Invoice", text = "Attached.",
            attachments = new[] { new { filename = "invoice-1042.pdf", content_type = "application/pdf", content = Convert.ToBase64String(pdf) } },
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var attachment = Assert.Single((await _app.Smtp.NextAsync()).Attachments.OfType<MimeKit.MimePart>());
        Assert.Equal("invoice-1042.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        using var decoded = new MemoryStream();
        await attachment.Content!.DecodeToAsync(decoded);
        Assert.Equal(pdf, decoded.ToArray());
    }

    [Theory]
    [InlineData("report.pdf", "not base64!")]
    [InlineData("../etc/passwd", "aGk=")]
    public async Task Post_WithABadAttachment_Is400NamingAttachments(string filename, string content)
    {
        var response = await _api.PostAsJsonAsync("/api/v1/messages", new
        {
            from = "a@shop.test", to = "b@example.test", subject = "s", text = "t",
            attachments = new[] { new { filename, content_type = "application/pdf", content } },
        });

        Assert.True((await AssertValidationProblemAsync(response)).GetProperty("errors").TryGetProperty("attachments", out _));
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_TwoRecipients_Is400NamingToAndStoresNothing()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/messages", new
        {
            from = "orders@shop.test",
            to = new[] { "ann@example.test", "bob@example.test" },
            subject = "Hi",
            text = "Hello",
        });

        var problem = await AssertValidationProblemAsync(response);
        Assert.Contains("SmartSender sends to one recipient at a time, so that each gets its own statistics", problem.GetProperty("errors").GetProperty("to")[0].GetString());
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_LineBreakInSubject_Is400NamingSubject()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/messages", new
        {
            from = "orders@shop.test",
            to = "ann@example.test",
            subject = "Hi\r\nBcc: everyone@example.test",
            text = "Hello",
        });

        var problem = await AssertValidationProblemAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty("subject", out _));
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_InvalidAddresses_Is400NamingEachField()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "nobody", to = "also nobody", subject = "Hi", text = "Hello" });

        var errors = (await AssertValidationProblemAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("from", out _));
        Assert.True(errors.TryGetProperty("to", out _));
    }

    [Fact]
    public async Task Post_MalformedJson_Is400ProblemDetails()
    {
        var response = await _api.PostAsync("/api/v1/messages", new StringContent("{ \"to\": ", Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_WithoutKey_Is401ProblemDetails()
    {
        using var anonymous = _app.CreateApiClient(null);

        var response = await anonymous.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test", subject = "s", text = "t" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Post_WithUnknownKey_Is401()
    {
        using var stranger = _app.CreateApiClient("ss_" + new string('A', 43));

        var response = await stranger.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test", subject = "s", text = "t" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task Get_MessageOfAnotherAccount_Is404()
    {
        var customer = await _app.CreateCustomerUserAsync("dev@customer.test", "Customer-Pass-1");
        using var other = _app.CreateApiClient(await _app.CreateApiKeyAsync(customer.AccountId));
        var response = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test", subject = "s", text = "t" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var foreign = await other.GetAsync($"/api/v1/messages/{id}");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    private Task<HttpResponseMessage> PostWithKeyAsync(string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return _api.SendAsync(request);
    }

    private async Task<TemplateVersion> CreateTemplateAsync(string name, TemplateContent content)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<TemplateLibrary>().CreateAsync(_accountId, name, content);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Message)));
        return created.Value!.Current;
    }

    private static async Task<JsonElement> AssertValidationProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<int> CountMessagesAsync() => _app.WithDbAsync(db => db.Messages.CountAsync(m => m.AccountId == _accountId));
}
