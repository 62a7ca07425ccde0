using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Accounts;
using SmartSender.Core.ApiKeys;
using SmartSender.Core.Common;
using SmartSender.Core.Domains;
using SmartSender.Core.Persistence;

namespace SmartSender.Tests.Fixtures;

/// <summary>
/// The real web app on its own data folder, relaying to an <see cref="SmtpSink"/> on 127.0.0.1.
/// With <c>kestrel: true</c> it listens on a free 127.0.0.1 port for a real browser. Given a PostgreSQL
/// <see cref="TestDatabase"/> (created beforehand), the app keeps its data and Hangfire's queue there.
/// </summary>
public class SmartSenderApp(bool kestrel = false, string? dataDirectory = null, TestDatabase? database = null) : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@operator.test";
    public const string AdminPassword = "Admin-Password-1";

    private readonly TestFolder? _ownFolder = dataDirectory is null ? new TestFolder("app") : null;

    public const string SendingIp = "192.0.2.10";

    public SmtpSink Smtp { get; } = new();

    /// <summary>The app's only name server: tests publish domain records here.</summary>
    public TestDnsServer Dns { get; } = new();

    public string DataDirectory => dataDirectory ?? _ownFolder!.Path;

    /// <summary>Where the app's inbound SMTP listener takes bounces and complaints.</summary>
    public int InboundPort { get; } = SmtpSink.FreePort(System.Net.IPAddress.Loopback);

    /// <summary>Whether the app runs its SMTP submission listener (on <see cref="SubmissionPort"/> and <see cref="SubmissionTlsPort"/>); off unless a test needs it.</summary>
    public bool WithSubmission { get; init; }

    /// <summary>The SMTP submission listener's STARTTLS port.</summary>
    public int SubmissionPort { get; } = SmtpSink.FreePort(System.Net.IPAddress.Loopback);

    /// <summary>The SMTP submission listener's implicit-TLS port: never the same as <see cref="SubmissionPort"/>.</summary>
    public int SubmissionTlsPort => _submissionTlsPort ??= OtherFreePort(SubmissionPort);

    private int? _submissionTlsPort;

    private static int OtherFreePort(int taken)
    {
        while (true)
        {
            var port = SmtpSink.FreePort(System.Net.IPAddress.Loopback);
            if (port != taken)
            {
                return port;
            }
        }
    }

    /// <summary>Settings a test adds to (or changes in) the app's configuration, before the app starts.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>The host environment the app runs in: Development unless a test needs Production's behaviour.</summary>
    public string EnvironmentName { get; set; } = "Development";

    /// <summary>Services a test puts in place of the app's own (a clock, say), registered after the app's.</summary>
    public Action<IServiceCollection>? Replace { get; set; }

    /// <summary>The address Kestrel listens on, once <see cref="StartKestrel"/> ran.</summary>
    public Uri? Address { get; private set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = DataDirectory,
            ["Delivery:Relay:Host"] = "127.0.0.1",
            ["Delivery:Relay:Port"] = Smtp.Port.ToString(),
            ["Delivery:Relay:Security"] = "None",
            ["Delivery:RetryDelays:0"] = "00:10:00",
            ["Jobs:QueuePollInterval"] = "00:00:00.200",
            ["Jobs:WorkerCount"] = "2",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Dns:Servers:0"] = $"127.0.0.1:{Dns.Port}",
            ["Dns:TimeoutMilliseconds"] = "5000",
            ["Dns:Retries"] = "0",
            ["Domains:SendingIps:0"] = SendingIp,
            ["Inbound:Port"] = InboundPort.ToString(),
            ["Submission:Enabled"] = WithSubmission ? "true" : "false",
            ["Submission:Port"] = SubmissionPort.ToString(),
            ["Submission:TlsPort"] = SubmissionTlsPort.ToString(),

            // Tests click right after delivery, as no person could; the timing rule has its own test.
            ["Tracking:MachineWindow"] = "00:00:00",
        }).AddInMemoryCollection(database is { Provider: DatabaseProvider.Postgres }
            ? new Dictionary<string, string?> { ["Database:Provider"] = "Postgres", ["Database:ConnectionString"] = database.ConnectionString }
            : []).AddInMemoryCollection(Settings));
        if (Replace is { } replace)
        {
            builder.ConfigureServices(replace);
        }

        if (kestrel)
        {
            UseKestrel(0);
        }
    }

    public Uri StartKestrel()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1"));
        return Address;
    }

    /// <summary>Completes once the inbound SMTP listener (on <see cref="InboundPort"/>) takes connections.</summary>
    public Task InboundStartedAsync() => Services.GetRequiredService<SmartSender.Web.Inbound.InboundSmtpListener>().Started;

    public HttpClient CreateApiClient(string? key)
    {
        var client = Address is null ? CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }) : new HttpClient { BaseAddress = Address };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>Creates the first administrator, as the setup page would, and returns the operator's account.</summary>
    public async Task<Account> CreateAdminAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<Administrators>().CreateAsync(AdminEmail, AdminPassword);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors));
        return (await scope.ServiceProvider.GetRequiredService<AccountDirectory>().GetAsync(created.Value!.AccountId))!;
    }

    /// <summary>A user of a customer account, without the Admin role.</summary>
    public async Task<AppUser> CreateCustomerUserAsync(string email, string password, string? accountName = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmartSenderDbContext>();
        var account = new Account(accountName ?? $"Customer {Guid.NewGuid():N}", DateTime.UtcNow);
        db.Accounts.Add(account);
        await db.SaveChangesAsync();
        var user = new AppUser { UserName = email, Email = email, AccountId = account.Id };
        var result = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return user;
    }

    public async Task<string> CreateApiKeyAsync(
        Guid accountId, string name = "test", ApiKeyScope scope = ApiKeyScope.Full, IReadOnlyList<string>? domains = null, IReadOnlyList<string>? networks = null)
    {
        await using var services = Services.CreateAsyncScope();
        var created = await services.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(accountId, name, scope, domains, networks);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Message)));
        return created.Value!.Secret;
    }

    /// <summary>Adds a sending domain to the account, publishes its records in the test DNS server and verifies it.</summary>
    public async Task<SendingDomain> VerifyDomainAsync(Guid accountId, string name)
    {
        await using var scope = Services.CreateAsyncScope();
        var domains = scope.ServiceProvider.GetRequiredService<SendingDomains>();
        var added = (await domains.AddAsync(accountId, name)).Value!;
        Dns.Publish(domains.RecordsOf(added));
        var verified = (await domains.VerifyAsync(accountId, added.Id)).Value!;
        Assert.True(verified.CanSend, string.Join("; ", verified.Checks.Select(c => $"{c.Kind} {c.Status} {c.Hint}")));
        return verified;
    }

    public async Task<T> WithDbAsync<T>(Func<SmartSenderDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SmartSenderDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        Dns.Dispose();
        _ownFolder?.Dispose();
        GC.SuppressFinalize(this);
    }
}
