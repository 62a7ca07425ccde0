using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Accounts;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Hosting;

/// <summary>Runs the real program with operator commands, as a script would.</summary>
[Collection(AppCollection.Name)]
public class OperatorCommandsTests : IDisposable
{
    private readonly TestFolder _data = new("cli");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task CreateAdminThenCreateApiKey_PrintsAKeyTheApiAccepts()
    {
        var admin = await RunAsync("create-admin", "--email", "ops@operator.test", "--password", "Ops-Password-1");
        var key = await RunAsync("create-api-key", "--account", "Operator", "--name", "Benchmarks");

        Assert.Equal(0, admin.ExitCode);
        Assert.Contains("ops@operator.test", admin.Output);
        Assert.Equal(0, key.ExitCode);
        var secret = key.Output.Trim();
        Assert.StartsWith("ss_", secret);

        await using var app = new SmartSenderAppOnFolder(_data.Path);
        var operatorAccount = await app.WithDbAsync(db => db.Accounts.SingleAsync());
        await app.VerifyDomainAsync(operatorAccount.Id, "operator.test");
        using var api = app.CreateApiClient(secret);
        var response = await api.PostAsJsonAsync("/api/v1/messages", new { from = "ops@operator.test", to = "ann@example.test", subject = "From a script", text = "Hello" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("From a script", (await app.Smtp.NextAsync()).Subject);
    }

    [Fact]
    public async Task CreateApiKey_ForAnUnknownAccount_FailsWithAReason()
    {
        var result = await RunAsync("create-api-key", "--account", "Nobody", "--name", "x");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No account is named or numbered 'Nobody'", result.Error);
    }

    [Fact]
    public async Task CreateAdmin_WithoutPassword_PrintsUsage()
    {
        var result = await RunAsync("create-admin", "--email", "ops@operator.test");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Usage:", result.Error);
    }

    [Fact]
    public async Task DevSmtp_ReceivesAMessageAndKeepsItAsEml()
    {
        var port = FreePort();
        using var process = Process.Start(StartInfo("dev-smtp", "--port", port.ToString()))!;
        try
        {
            var listening = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.Contains($"listening on 127.0.0.1:{port}", listening);

            using (var client = new MailKit.Net.Smtp.SmtpClient())
            {
                await client.ConnectAsync("127.0.0.1", port, MailKit.Security.SecureSocketOptions.None);
                var message = new MimeKit.MimeMessage { Subject = "Hello dev" };
                message.From.Add(MimeKit.MailboxAddress.Parse("shop@shop.test"));
                message.To.Add(MimeKit.MailboxAddress.Parse("ann@example.test"));
                message.Body = new MimeKit.TextPart("plain") { Text = "Hi" };
                await client.SendAsync(message);
                await client.DisconnectAsync(true);
            }

            var received = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Contains("Hello dev", received);
            var saved = Assert.Single(Directory.GetFiles(Path.Combine(_data.Path, "dev-smtp"), "*.eml"));
            Assert.Equal("Hello dev", (await MimeKit.MimeMessage.LoadAsync(saved)).Subject);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private ProcessStartInfo StartInfo(params string[] args) => ProgramRun.StartInfo(_data.Path, null, args);

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => ProgramRun.RunToExitAsync(StartInfo(args));

    /// <summary>The app over a data folder the commands above filled.</summary>
    private sealed class SmartSenderAppOnFolder(string folder) : SmartSenderApp(dataDirectory: folder);
}
