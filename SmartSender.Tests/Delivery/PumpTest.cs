using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Delivery;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Delivery.Pump;
using SmartSender.Core.Suppressions;
using SmartSender.Core.Messages;
using SmartSender.Core.Templates;
using SmartSender.Core.Domains;
using SmartSender.Core.Domains.Dkim;
using SmartSender.Core.Tracking;
using SmartSender.Tests.Domains;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Fixtures;
using SmtpServer.Protocol;

namespace SmartSender.Tests.Delivery;

/// <summary>
/// The delivery tests' set-up: a SQLite file, an SMTP sink as the relay, a fixed clock, a recording job client and
/// an account with <c>shop.test</c> verified (RSA and Ed25519 keys in the DNS server on 127.0.0.1).
/// </summary>
public abstract class PumpTest(TestDnsServer dns) : IAsyncLifetime
{
    protected TestDnsServer Dns { get; } = dns;

    protected TestDatabase Database { get; } = new();

    protected SmtpSink Smtp { get; } = new();

    protected FixedClock Clock { get; } = new(DateTimeOffset.UtcNow);

    protected ServiceProvider Services { get; private set; } = default!;

    protected Guid AccountId { get; private set; }

    private RecordingJobClient Jobs { get; } = new();

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Dns.Clear();
        var domains = new DomainTestContext(Database, Dns);
        domains.Options.Ed25519 = true;
        Services = Database.CreateServices(s =>
        {
            s.AddOptions<DeliveryOptions>().Configure(o =>
            {
                o.Relay = new RelayOptions { Host = "127.0.0.1", Port = Smtp.Port, Security = RelaySecurity.None, TimeoutSeconds = 10 };
                o.RetryDelays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)];
            });
            s.AddSingleton<IBackgroundJobClient>(Jobs);
            s.AddSingleton<TimeProvider>(Clock);
            s.AddSingleton<IMessageSender, SmtpRelaySender>();
            s.AddOptions<LaneOptions>().Configure(o => o.Providers["Relay"] = new LaneLimits { PerHour = 3_600 });
            s.AddDeliveryStack(domains);
        });
        AccountId = (await Database.AddAccountsAsync("Shop"))[0];
        await domains.AddVerifiedAsync(AccountId, "shop.test");
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Smtp.DisposeAsync();
        await Database.DisposeAsync();
    }

    protected async Task<Guid> SubmitAsync(SendRequestBuilder request)
    {
        var message = await Services.SubmitAsync(AccountId, request.Build());
        Assert.Equal(MessageStatus.Queued, message.Status);
        return message.Id;
    }

    protected Task DeliverAsync() => Services.DrainAsync();

    protected async Task<Message> LoadAsync(Guid id)
    {
        await using var db = Database.CreateContext();
        return await db.Messages.Include(m => m.Events).SingleAsync(m => m.Id == id);
    }

    /// <summary>Stands in for Hangfire's client: counts the pump runs that submissions start.</summary>
    private sealed class RecordingJobClient : IBackgroundJobClient
    {
        public int Created { get; private set; }

        public string Create(Job job, IState state)
        {
            Created++;
            return Created.ToString();
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
