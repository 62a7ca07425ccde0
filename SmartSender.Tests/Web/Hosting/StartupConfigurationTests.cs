using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Domains;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Hosting;

/// <summary>
/// Settings that cannot work stop the real program at start with the setting's name, instead of failing pages later;
/// the listening address follows ASP.NET Core's own settings.
/// </summary>
[Collection(AppCollection.Name)]
public class StartupConfigurationTests : IDisposable
{
    private readonly TestFolder _data = new("startup");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Production_WithoutARelayHost_RefusesToStartNamingTheSetting()
    {
        var result = await RunUntilExitAsync(new() { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("Delivery:Relay:Host is not set", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Theory]
    [InlineData("no-such-host.invalid:5053", "Dns:Servers: the host name in \"no-such-host.invalid:5053\" does not resolve")]
    [InlineData("localhost:99999", "Dns:Servers: \"localhost:99999\" has no valid port")]
    [InlineData("bad name!", "Dns:Servers: \"bad name!\" is neither an IP address nor a host name")]
    public async Task AnUnusableNameServer_RefusesToStartNamingTheSetting(string server, string said)
    {
        var result = await RunUntilExitAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Delivery__Relay__Host"] = "127.0.0.1",
            ["Dns__Servers__0"] = server,
        });

        Assert.Equal(78, result.ExitCode);
        Assert.Contains(said, result.Error);
    }

    [Fact]
    public async Task ASendingIpThatIsAName_RefusesToStartNamingTheSetting()
    {
        var result = await RunUntilExitAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Delivery__Relay__Host"] = "127.0.0.1",
            ["Domains__SendingIps__0"] = "mail.example.com",
        });

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("Domains:SendingIps: \"mail.example.com\" is not an IP address", result.Error);
    }

    [Fact]
    public async Task AspNetCoreUrls_DecidesWhereTheProgramListens()
    {
        var port = SmtpSink.FreePort(IPAddress.Loopback);
        using var process = Start(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Delivery__Relay__Host"] = "127.0.0.1",
            ["Inbound__Port"] = SmtpSink.FreePort(IPAddress.Loopback).ToString(),
            ["Submission__Port"] = SmtpSink.FreePort(IPAddress.Loopback).ToString(),
            ["Submission__TlsPort"] = SmtpSink.FreePort(IPAddress.Loopback).ToString(),
        });
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };
            var status = await Eventually.ReturnsAsync(async () =>
            {
                try
                {
                    return (await http.GetAsync("/login")).StatusCode;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    if (process.HasExited)
                    {
                        Assert.Fail("The program exited: " + await process.StandardError.ReadToEndAsync());
                    }

                    return (HttpStatusCode?)null;
                }
            }, s => s is not null, TimeSpan.FromSeconds(60));
            Assert.Equal(HttpStatusCode.OK, status); // /login, or the setup page it leads to on a fresh installation
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task ANameServerGivenByHostName_IsResolvedAndAsked()
    {
        await using var app = new SmartSenderApp();
        app.Settings["Dns:Servers:0"] = $"localhost:{app.Dns.Port}";
        var account = await app.CreateAdminAsync();

        var domain = await app.VerifyDomainAsync(account.Id, "shop.test");

        Assert.True(domain.CanSend);
        Assert.Equal(1, await app.WithDbAsync(db => db.SendingDomains.CountAsync()));
    }

    private Process Start(Dictionary<string, string> environment) => Process.Start(ProgramRun.StartInfo(_data.Path, environment))!;

    private async Task<(int ExitCode, string Error)> RunUntilExitAsync(Dictionary<string, string> environment)
    {
        var (exitCode, _, error) = await ProgramRun.RunToExitAsync(ProgramRun.StartInfo(_data.Path, environment));
        return (exitCode, error);
    }
}
