using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Delivery;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Quota;
using SmartSender.Core.Reputation;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Domains;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Reputation;

/// <summary>An account on a real database with submission, delivery to a real SMTP sink, reputation and quota, on a clock the test moves.</summary>
public sealed class ReputationTestContext(TestDnsServer dns, DatabaseProvider provider = DatabaseProvider.Sqlite) : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);

    public TestDatabase Database { get; } = new(provider);

    public SmtpSink Smtp { get; } = new();

    public FixedClock Clock { get; } = new(Start);

    public ReputationOptions Reputation { get; } = new() { MinimumVolume = 20, GoodMinimumVolume = 40 };

    public QuotaOptions Quota { get; } = new()
    {
        Low = new() { DailyLimit = 5, PerSecond = 0 },
        Normal = new() { DailyLimit = 1_000, PerSecond = 0 },
        Good = new() { DailyLimit = 10_000, PerSecond = 0 },
    };

    public ServiceProvider Services { get; private set; } = default!;

    public Guid AccountId { get; private set; }

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        dns.Clear();
        var domains = new DomainTestContext(Database, dns);
        Services = Database.CreateServices(s =>
        {
            s.AddOptions<DeliveryOptions>().Configure(o => o.Relay = new RelayOptions { Host = "127.0.0.1", Port = Smtp.Port, Security = RelaySecurity.None, TimeoutSeconds = 10 });
            s.AddSingleton<TimeProvider>(Clock);
            s.AddSingleton<IMessageSender, SmtpRelaySender>();
            s.AddOptions<LaneOptions>().Configure(o => o.Providers["Relay"] = new LaneLimits { PerHour = 3_600 });
            s.AddSingleton(Options.Create(Quota));
            s.AddSingleton(Options.Create(Reputation));
            s.AddSingleton<MarketingHold>();
            s.AddSingleton<AccountReputation>();
            s.AddSingleton<ReputationAdmin>();
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

    public AccountReputation Judge => Services.GetRequiredService<AccountReputation>();

    public ReputationAdmin Admin => Services.GetRequiredService<ReputationAdmin>();

    public AccountQuota AccountQuota => Services.GetRequiredService<AccountQuota>();

    /// <summary>Mail the account sent at <paramref name="at"/>: <paramref name="sent"/> messages, the first ones bounced or complained about.</summary>
    public async Task SeedAsync(DateTimeOffset at, int sent, int bounced = 0, int complained = 0, MessageStream stream = MessageStream.Transactional)
    {
        await using var db = Database.CreateContext();
        var time = at.UtcDateTime;
        for (var i = 0; i < sent; i++)
        {
            var builder = new SendRequestBuilder().To($"seed{Guid.NewGuid():N}@example.test");
            var message = Message.Queue(AccountId, (stream == MessageStream.Marketing ? builder.Marketing() : builder).BuildValid(), MessageToken.New(TimeProvider.System.GetUtcNow()), time);
            if (i < bounced)
            {
                message.MarkFailed("550 5.1.1 user unknown", "UserUnknown", time);
            }
            else
            {
                message.MarkDelivered("250 ok", time);
            }

            if (i >= bounced && i < bounced + complained)
            {
                message.RecordFeedback(MessageEventType.Complained, EventSource.Arf, "abuse report", time);
            }

            db.Messages.Add(message);
        }

        await db.SaveChangesAsync();
    }

    /// <summary>Submits through the real submission, refusals included.</summary>
    public async Task<Core.Common.Result<Message>> SubmitAsync(SendRequestBuilder request)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MessageSubmission>().SubmitAsync(AccountId, request.Build());
    }

    public async Task<MessageStatus> StatusOfAsync(Guid id)
    {
        await using var db = Database.CreateContext();
        return db.Messages.Single(m => m.Id == id).Status;
    }
}
