using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Telemetry;

/// <summary>
/// The program in its own process with JSON console logs, its own code at Debug and ASP.NET Core's and EF Core's
/// requests and commands at Information: a sign-in, a refused key, a send and its delivery leave lines that each
/// parse as JSON, the delivery's line names the message, the account and the lane, and no line holds the password,
/// an API key or the message's subject, text or HTML.
/// </summary>
[Collection(AppCollection.Name)]
public class StructuredLogTests : IAsyncLifetime
{
    private const string Body = "Body-words-that-must-stay-out-of-logs-4711";
    private const string Html = "<p>Html-words-that-must-stay-out-of-logs-4712</p>";
    private readonly TestFolder _data = new("logs");
    private readonly SmtpSink _sink = new();
    private string _key = "";
    private Guid _account;

    public async Task InitializeAsync()
    {
        await using var setup = new SmartSenderApp(dataDirectory: _data.Path);
        _account = (await setup.CreateAdminAsync()).Id;
        _key = await setup.CreateApiKeyAsync(_account);
        await setup.VerifyDomainAsync(_account, "shop.test");
    }

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task AFullRun_WritesJsonLines_WithTheMessageAccountAndLane_AndNoSecretOrBody()
    {
        using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["Database:DataDirectory"] = _data.Path,
            ["Delivery:Relay:Port"] = _sink.Port.ToString(),
            ["Delivery:Relay:Security"] = "None",
            ["Dns:Servers:0"] = "127.0.0.1:9",
            ["Logging:Console:FormatterName"] = "json",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:SmartSender"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
        });

        using (var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app.Address })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await BrowserlessSignIn.SignInAsync(browser, SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword)).StatusCode);
        }

        using var api = new HttpClient { BaseAddress = app.Address };
        var wrongKey = _key[..^4] + "zzzz";
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", wrongKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/messages")).StatusCode);

        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _key);
        var sent = await api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "ann@example.test", subject = "Subject-words-that-stay-out-4713", text = Body, html = Html });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Eventually.ReturnsAsync(() => Task.FromResult(_sink.Count), n => n == 1);
        var delivered = await Eventually.ReturnsAsync(
            () => Task.FromResult(app.Lines.FirstOrDefault(l => l.Contains(id, StringComparison.Ordinal) && l.Contains("Delivered", StringComparison.Ordinal))),
            line => line is not null);
        await app.StopAsync();

        var lines = app.Lines.Where(l => l.Length > 0).ToList();
        Assert.True(lines.Count > 20, $"{lines.Count} lines");
        Assert.All(lines, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
        var state = JsonDocument.Parse(delivered!).RootElement.GetProperty("State");
        Assert.Equal(id, state.GetProperty("MessageId").GetString());
        Assert.Equal(_account.ToString(), state.GetProperty("AccountId").GetString());
        Assert.Equal("relay|Relay", state.GetProperty("Lane").GetString());
        Assert.Contains(lines, l => l.Contains("/api/v1/messages", StringComparison.Ordinal));

        foreach (var secret in new[] { _key, wrongKey, _key[..12], SmartSenderApp.AdminPassword, Body, "Html-words-that-must-stay-out-of-logs", "Subject-words-that-stay-out" })
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }
}
