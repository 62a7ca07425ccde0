using System.Net;
using System.Net.Http.Json;
using System.Text;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

/// <summary>
/// Bad input to POST /api/v1/messages: each is a 400 problem naming the field, and nothing is stored.
/// </summary>
[Collection(AppCollection.Name)]
public class MessageValidationTests : ApiTest
{
    [Fact]
    public async Task Post_UnknownStream_Is400NamingStream()
    {
        var response = await Api.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test", subject = "s", text = "t", stream = "bulk" });

        Assert.True((await AssertValidationProblemAsync(response)).GetProperty("errors").TryGetProperty("stream", out _));
    }

    [Theory]
    [InlineData("From", "evil@other.test")]
    [InlineData("DKIM-Signature", "v=1")]
    [InlineData("Message-ID", "<x@y>")]
    [InlineData("X-Note", "line\r\nBcc: all@example.test")]
    [InlineData("Bad Name", "x")]
    public async Task Post_HeaderThatWouldOverrideOrInject_Is400NamingHeaders(string name, string value)
    {
        var response = await Api.PostAsJsonAsync("/api/v1/messages", new
        {
            from = "a@shop.test", to = "b@example.test", subject = "s", text = "t",
            headers = new Dictionary<string, string> { [name] = value },
        });

        Assert.True((await AssertValidationProblemAsync(response)).GetProperty("errors").TryGetProperty("headers", out _));
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_WithSendAtInThePast_Is400NamingSendAt()
    {
        var response = await Api.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test", subject = "s", text = "t", send_at = DateTimeOffset.UtcNow.AddDays(-1) });

        Assert.True((await AssertValidationProblemAsync(response)).GetProperty("errors").TryGetProperty("send_at", out _));
        Assert.Equal(0, await CountMessagesAsync());
    }

    [Theory]
    [InlineData("report.pdf", "not base64!")]
    [InlineData("../etc/passwd", "aGk=")]
    public async Task Post_WithABadAttachment_Is400NamingAttachments(string filename, string content)
    {
        var response = await Api.PostAsJsonAsync("/api/v1/messages", new
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
        var response = await Api.PostAsJsonAsync("/api/v1/messages", new
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
        var response = await Api.PostAsJsonAsync("/api/v1/messages", new
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
        var response = await Api.PostAsJsonAsync("/api/v1/messages", new { from = "nobody", to = "also nobody", subject = "Hi", text = "Hello" });

        var errors = (await AssertValidationProblemAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("from", out _));
        Assert.True(errors.TryGetProperty("to", out _));
    }

    [Fact]
    public async Task Post_MalformedJson_Is400ProblemDetails()
    {
        var response = await Api.PostAsync("/api/v1/messages", new StringContent("{ \"to\": ", Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await CountMessagesAsync());
    }
}
