using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Messages;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

/// <summary>
/// Requests a careless or hostile client sends, to the app in Production mode: each gets a 4xx with problem details
/// naming the field, and nothing is stored.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class BadInputTests : IAsyncLifetime
{
    private const long MaxMessageBytes = 200_000;
    private readonly SmartSenderApp _app = new(kestrel: true) { EnvironmentName = "Production" };
    private HttpClient _api = default!;
    private Guid _accountId;

    public async Task InitializeAsync()
    {
        _app.Settings["Delivery:MaxMessageBytes"] = MaxMessageBytes.ToString();
        _app.StartKestrel();
        _accountId = (await _app.CreateAdminAsync()).Id;
        _api = _app.CreateApiClient(await _app.CreateApiKeyAsync(_accountId));
        await _app.VerifyDomainAsync(_accountId, "shop.test");
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("{\"from\":\"a@shop.test\",\"to\":\"b@example.test\",\"subject\":\"s\",\"text\":\"t", "text")]
    [InlineData("""{"from":"a@shop.test","to":"b@example.test","subject":42,"text":"t"}""", "subject")]
    [InlineData("""{"from":"a@shop.test","to":"b@example.test","subject":"s","text":"t","send_at":"tomorrow"}""", "send_at")]
    [InlineData("""{"from":"a@shop.test","to":"b@example.test","subject":"s","text":"t","cc":"c@example.test"}""", "cc")]
    [InlineData("""{"from":"a@shop.test","to":"b@example.test","subject":"s","text":"t","bcc":["c@example.test"]}""", "bcc")]
    [InlineData("""{"from":"a@shop.test","to":"b@example.test","to":"c@example.test","subject":"s","text":"t"}""", "to")]
    [InlineData("""{"from":"a@shop.test","to":"b@example.test","subject":"\ud800","text":"t"}""", "subject")]
    [InlineData("""{"from":"a@shop.test","to":"b@example.test","subject":"s","text":"t","attachments":[{"filename":"a.txt","content":"eA==","size":1}]}""", "attachments[0].size")]
    public async Task UnreadableJson_Is400ProblemDetailsNamingTheField(string json, string field)
    {
        var response = await _api.PostAsync("/api/v1/messages", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task NestingDeeperThan64_Is400ProblemDetails()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 70)) + "1" + new string('}', 70);
        var json = $$"""{"from":"a@shop.test","to":"b@example.test","template":"t","variables":{{deep}}}""";

        var response = await _api.PostAsync("/api/v1/messages", new StringContent(json, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task InvalidUtf8_Is400ProblemDetails()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"from":"a@shop.test","to":"b@example.test","subject":"X","text":"t"}""");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xC3;
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await _api.PostAsync("/api/v1/messages", content);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task InvalidUtf8_InALargeBody_Is400ProblemDetails()
    {
        var bytes = Encoding.UTF8.GetBytes($$"""{"from":"a@shop.test","to":"b@example.test","subject":"s","text":"{{new string('x', 100_000)}}X\n"}""");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xC3;
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await _api.PostAsync("/api/v1/messages", content);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task ALargeBodyWithEscapes_IsStoredExactlyAsSent()
    {
        var text = string.Concat(Enumerable.Repeat("Line with \"quotes\", a tab\t, é, 😀 and a backslash \\.\n", 2_000));
        var html = "<p>" + string.Concat(Enumerable.Repeat("<a href=\"https://shop.test/x?a=1&amp;b=2\">link</a> ", 700)) + "</p>";

        var response = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test", subject = "s", text, html });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        var stored = await _app.WithDbAsync(db => db.Messages.Where(m => m.Id == id).Select(m => new { m.TextBody, m.HtmlBody }).SingleAsync());
        Assert.Equal(text.ReplaceLineEndings("\r\n"), stored.TextBody!.ReplaceLineEndings("\r\n"));
        Assert.Equal(html, stored.HtmlBody);
    }

    [Fact]
    public async Task WrongContentType_Is415ProblemDetails()
    {
        var response = await _api.PostAsync("/api/v1/messages", new StringContent("from=a@shop.test", Encoding.UTF8, "text/plain"));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task BodyLargerThanAMessageMayBe_Is413WhileReading()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test", subject = "s", text = new string('x', 2_000_000) });

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task BodiesAndAttachmentsOverTheMessageLimit_Are400MessageTooLarge()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/messages", new
        {
            from = "a@shop.test", to = "b@example.test", subject = "s", html = new string('x', 150_000),
            attachments = new[] { new { filename = "a.bin", content = Convert.ToBase64String(new byte[60_000]) } },
        });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("message_too_large", problem.GetProperty("codes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(0, await CountMessagesAsync());
    }

    public static TheoryData<string, object> Oversized => new()
    {
        { "to_invalid", new { from = "a@shop.test", to = new string('a', 1_000_000) + "@example.test", subject = "s", text = "t" } },
        { "to_invalid", new { from = "a@shop.test", to = new string('a', 65) + "@example.test", subject = "s", text = "t" } },
        { "from_invalid", new { from = "a@" + string.Join('.', Enumerable.Repeat(new string('d', 60), 5)) + ".test", to = "b@example.test", subject = "s", text = "t" } },
        { "header_too_long", new { from = "a@shop.test", to = "b@example.test", subject = "s", text = "t", headers = new Dictionary<string, string> { ["X-Long"] = new('v', 1_000_005) } } },
        { "headers_too_many", new { from = "a@shop.test", to = "b@example.test", subject = "s", text = "t", headers = Enumerable.Range(0, 5_000).ToDictionary(i => $"X-H{i}", i => "v") } },
        { "attachment_invalid", new { from = "a@shop.test", to = "b@example.test", subject = "s", text = "t", attachments = new[] { new { filename = new string('f', 300) + ".txt", content = "eA==" } } } },
        { "attachment_invalid", new { from = "a@shop.test", to = "b@example.test", subject = "s", text = "t", attachments = new[] { new { filename = "a.txt", content_type = "text/" + new string('p', 300), content = "eA==" } } } },
    };

    [Theory]
    [MemberData(nameof(Oversized), DisableDiscoveryEnumeration = true)]
    public async Task ValuesBeyondTheLimitsOfMail_Are400NamingTheProblem(string code, object body)
    {
        var response = await _api.PostAsJsonAsync("/api/v1/messages", body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(code, problem.GetProperty("codes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(0, await CountMessagesAsync());
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    private Task<int> CountMessagesAsync() => _app.WithDbAsync(db => db.Messages.CountAsync(m => m.AccountId == _accountId));
}
