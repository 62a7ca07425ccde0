using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Delivery;
using SmartSender.Core.Delivery.Lanes;
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

public class DeliverMessageJobTests(TestDnsServer dns) : IAsyncLifetime, IClassFixture<TestDnsServer>
{
    private readonly TestDatabase _database = new();
    private readonly SmtpSink _smtp = new();
    private readonly RecordingJobClient _jobs = new();
    private readonly FixedClock _clock = new(DateTimeOffset.UtcNow);
    private ServiceProvider _services = default!;
    private Guid _accountId;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        dns.Clear();
        var domains = new DomainTestContext(_database, dns);
        domains.Options.Ed25519 = true;
        _services = _database.CreateServices(s =>
        {
            s.AddOptions<DeliveryOptions>().Configure(o =>
            {
                o.Relay = new RelayOptions { Host = "127.0.0.1", Port = _smtp.Port, Security = RelaySecurity.None, TimeoutSeconds = 10 };
                o.RetryDelays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)];
            });
            s.AddSingleton<IBackgroundJobClient>(_jobs);
            s.AddSingleton<TimeProvider>(_clock);
            s.AddScoped<IMessageSender, SmtpRelaySender>();
            s.AddOptions<LaneOptions>().Configure(o => o.Providers["Relay"] = new LaneLimits { PerHour = 3_600 });
            s.AddSingleton<LaneRegistry>();
            s.AddSingleton<SuppressionList>();
            s.AddOptions<Core.Delivery.Direct.DirectOptions>();
            s.AddOptions<Core.Delivery.Pools.PoolOptions>();
            s.AddSingleton<Core.Delivery.Pools.IpPools>();
            s.AddSingleton(Core.Delivery.Replies.ReplyClassifier.Default);
            s.AddScoped<DeliverMessageJob>();
            s.AddScoped<MessageSubmission>();
            s.AddSingleton(domains.CreateService());
            s.AddScoped<SendingDomainGate>();
            s.AddSingleton<TemplateRenderer>();
            s.AddScoped<TemplateLibrary>();
            s.AddScoped<MessageComposer>();
            s.AddScoped<AccountSettings>();
            s.AddSingleton(new MessageLinks(Options.Create(new TrackingOptions { BaseUrl = "https://links.smartsender.test" })));
            s.AddScoped<OutgoingMessageBuilder>();
            s.AddScoped<RetryPolicy>();
            s.AddSingleton(new MessageSigner(domains.Protector));
        });
        await using var db = _database.CreateContext();
        var account = new Account("Shop", DateTime.UtcNow);
        db.Accounts.Add(account);
        await db.SaveChangesAsync();
        _accountId = account.Id;
        await domains.AddVerifiedAsync(_accountId, "shop.test");
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _smtp.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Run_AcceptedByRelay_MarksSentWithTheReplyAndDeliversHeadersAndBody()
    {
        var id = await SubmitAsync(new SendRequestBuilder().Subject("Order 1042 confirmed"));

        await RunJobAsync(id);

        var received = await _smtp.NextAsync();
        Assert.Equal("Order 1042 confirmed", received.Subject);
        Assert.Equal("ann@example.test", received.To.Mailboxes.Single().Address);
        Assert.Equal("orders@shop.test", received.From.Mailboxes.Single().Address);
        Assert.Equal(id.ToString(), received.Headers["X-SmartSender-Message-Id"]);
        Assert.Contains("Thank you for your order.", received.TextBody);
        Assert.Contains("<b>order</b>", received.HtmlBody);
        var message = await LoadAsync(id);
        Assert.Equal(MessageStatus.Sent, message.Status);
        Assert.StartsWith("250", message.LastReply);
        Assert.Equal([MessageEventType.Queued, MessageEventType.Sent], message.Events.Select(e => e.Type));
    }

    [Fact]
    public async Task Run_SignsWithRsaAndEd25519_AndBothSignaturesVerifyAfterTheSmtpHop()
    {
        var id = await SubmitAsync(new SendRequestBuilder());

        await RunJobAsync(id);

        var received = await _smtp.NextAsync();
        var signatures = received.Headers.Where(h => h.Id == MimeKit.HeaderId.DkimSignature).ToList();
        Assert.Equal(2, signatures.Count);
        Assert.Contains(signatures, h => h.Value.Contains("a=rsa-sha256"));
        Assert.Contains(signatures, h => h.Value.Contains("a=ed25519-sha256"));
        Assert.All(signatures, h => Assert.Contains("d=shop.test", h.Value));
        var verifier = new MimeKit.Cryptography.DkimVerifier(new DnsDkimPublicKeyLocator(dns.CreateResolver()));
        foreach (var signature in signatures)
        {
            Assert.True(await verifier.VerifyAsync(received, signature), signature.Value);
        }
    }

    [Fact]
    public async Task Run_SignatureDoesNotVerifyOnceTheSubjectIsAltered()
    {
        var id = await SubmitAsync(new SendRequestBuilder());
        await RunJobAsync(id);
        var received = await _smtp.NextAsync();

        received.Subject = "Altered on the way";

        var verifier = new MimeKit.Cryptography.DkimVerifier(new DnsDkimPublicKeyLocator(dns.CreateResolver()));
        Assert.False(await verifier.VerifyAsync(received, received.Headers.First(h => h.Id == MimeKit.HeaderId.DkimSignature)));
    }

    [Fact]
    public async Task Run_RefusedWith550_MarksFailedWithTheReplyText()
    {
        var id = await SubmitAsync(new SendRequestBuilder());
        _smtp.Reply = new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 No such user here");

        await RunJobAsync(id);

        var message = await LoadAsync(id);
        Assert.Equal(MessageStatus.Failed, message.Status);
        Assert.Equal("550 5.1.1 No such user here", message.LastReply);
        Assert.Empty(_jobs.Scheduled);
    }

    [Fact]
    public async Task Run_DeferredWith451_StaysQueuedAndIsRetriedLater()
    {
        var id = await SubmitAsync(new SendRequestBuilder());
        _smtp.Reply = new SmtpResponse(SmtpReplyCode.Error, "4.3.0 Try again later");

        await RunJobAsync(id);

        var message = await LoadAsync(id);
        Assert.Equal(MessageStatus.Queued, message.Status);
        Assert.Equal(MessageEventType.Deferred, message.Events[^1].Type);
        Assert.Equal(TimeSpan.FromMinutes(1), Assert.Single(_jobs.Scheduled));
    }

    [Fact]
    public async Task Run_DeferredPastTheRetrySchedule_RepeatsTheLastDelay_AndExpiresAtTheMaximumAge()
    {
        var id = await SubmitAsync(new SendRequestBuilder());
        var created = _clock.Now.UtcDateTime;
        _smtp.Reply = new SmtpResponse(SmtpReplyCode.Error, "4.3.0 Try again later");

        await RunJobAsync(id);
        _clock.Now = _clock.Now.AddMinutes(1);
        await RunJobAsync(id);
        _clock.Now = _clock.Now.AddMinutes(5);
        await RunJobAsync(id);

        Assert.Equal([created.AddMinutes(1), created.AddMinutes(6), created.AddMinutes(11)], _jobs.ScheduledFor);
        Assert.Equal(MessageStatus.Queued, (await LoadAsync(id)).Status);

        _clock.Now = new DateTimeOffset(created.AddHours(72), TimeSpan.Zero);
        await RunJobAsync(id);

        var message = await LoadAsync(id);
        Assert.Equal(MessageStatus.Expired, message.Status);
        Assert.Equal(MessageEventType.Expired, message.Events[^1].Type);
        Assert.Equal(4, message.Attempts);
        Assert.Equal("Undelivered after 72 h and 4 attempts. Last reply: 471 4.3.0 Try again later", message.LastReply);
    }

    [Fact]
    public async Task Run_ReplyThatSaysWhenToTryAgain_IsRetriedThen()
    {
        var id = await SubmitAsync(new SendRequestBuilder());
        _smtp.Reply = new SmtpResponse(SmtpReplyCode.Error, "4.7.1 Greylisted, please try again in 7 minutes");

        await RunJobAsync(id);

        Assert.Equal([_clock.Now.UtcDateTime.AddMinutes(7)], _jobs.ScheduledFor);
    }

    [Fact]
    public async Task Run_RelayNotListening_IsDeferredNotLost()
    {
        var id = await SubmitAsync(new SendRequestBuilder());
        await _smtp.DisposeAsync();

        await RunJobAsync(id);

        var message = await LoadAsync(id);
        Assert.Equal(MessageStatus.Queued, message.Status);
        Assert.Contains("No SMTP conversation", message.LastReply);
    }

    [Fact]
    public async Task Run_MarketingMessage_CarriesOneClickUnsubscribe_SignedByDkim_AndTheSameLinkInItsFooter()
    {
        var id = await SubmitAsync(new SendRequestBuilder().Marketing());

        await RunJobAsync(id);

        var received = await _smtp.NextAsync();
        var token = (await LoadAsync(id)).Token;
        Assert.Matches("^[A-Za-z0-9_-]{22}$", token);
        var link = $"https://links.smartsender.test/u/{token}";
        Assert.Equal($"<{link}>", received.Headers[MimeKit.HeaderId.ListUnsubscribe]);
        Assert.Equal("List-Unsubscribe=One-Click", received.Headers[MimeKit.HeaderId.ListUnsubscribePost]);
        Assert.Contains($"Unsubscribe: {link}", received.TextBody);
        Assert.Contains($"href=\"{link}\"", received.HtmlBody);
        // RFC 8058 §4: both headers must be covered by a valid DKIM signature.
        var rsa = received.Headers.First(h => h.Id == MimeKit.HeaderId.DkimSignature && h.Value.Contains("a=rsa-sha256"));
        var signedHeaders = System.Text.RegularExpressions.Regex.Match(rsa.Value, @"h=([^;]+)").Groups[1].Value.Replace(" ", "").ToLowerInvariant();
        Assert.Contains("list-unsubscribe:", signedHeaders + ":");
        Assert.Contains("list-unsubscribe-post", signedHeaders);
        var verifier = new MimeKit.Cryptography.DkimVerifier(new DnsDkimPublicKeyLocator(dns.CreateResolver()));
        Assert.True(await verifier.VerifyAsync(received, rsa));
    }

    [Fact]
    public async Task Run_TransactionalMessage_HasNoUnsubscribeHeadersOrFooter()
    {
        var id = await SubmitAsync(new SendRequestBuilder());

        await RunJobAsync(id);

        var received = await _smtp.NextAsync();
        Assert.False(received.Headers.Contains(MimeKit.HeaderId.ListUnsubscribe));
        Assert.False(received.Headers.Contains(MimeKit.HeaderId.ListUnsubscribePost));
        Assert.DoesNotContain("Unsubscribe", received.TextBody);
    }

    [Fact]
    public async Task Run_SlowDownReply_PausesTheLane_TheNextMessageWaitsWithoutAnAttempt_ThenGoes()
    {
        var first = await SubmitAsync(new SendRequestBuilder());
        var second = await SubmitAsync(new SendRequestBuilder().To("ben@example.test"));
        _smtp.Reply = new SmtpResponse(SmtpReplyCode.ServiceUnavailable, "4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred due to unexpected volume or user complaints");

        await RunJobAsync(first);
        _smtp.Reply = null;
        await RunJobAsync(second);

        Assert.False(_smtp.TryTake(out _));
        var waiting = await LoadAsync(second);
        Assert.Equal((MessageStatus.Queued, 0, "relay|Relay"), (waiting.Status, waiting.Attempts, waiting.LaneKey));
        var lane = Assert.Single(await _services.GetRequiredService<LaneRegistry>().ListAsync());
        Assert.Equal((1_800.0, "yahoo-tss04", 2), (lane.CurrentPerHour, lane.LastRule, lane.Queued));
        Assert.Equal(_clock.Now.UtcDateTime.AddMinutes(1), lane.PausedUntil);
        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)], _jobs.Scheduled);

        _clock.Now = _clock.Now.AddSeconds(61);
        await RunJobAsync(second);

        Assert.Equal("ben@example.test", (await _smtp.NextAsync()).To.Mailboxes.Single().Address);
        Assert.Equal(MessageStatus.Sent, (await LoadAsync(second)).Status);
    }

    [Fact]
    public async Task Run_UserUnknown_FailsAndSuppressesTheAddress_SoTheNextMessageToItIsRefused()
    {
        var id = await SubmitAsync(new SendRequestBuilder().To("Gone@Example.test"));
        _smtp.Reply = new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 <gone@example.test>: Recipient address rejected: User unknown");

        await RunJobAsync(id);

        Assert.Equal(MessageStatus.Failed, (await LoadAsync(id)).Status);
        var suppression = Assert.Single(await _services.GetRequiredService<SuppressionList>().ListAsync(_accountId));
        Assert.Equal(("gone@example.test", SuppressionReason.HardBounce, id), (suppression.Address, suppression.Reason, suppression.MessageId));
        await using var scope = _services.CreateAsyncScope();
        var again = await scope.ServiceProvider.GetRequiredService<MessageSubmission>().SubmitAsync(_accountId, new SendRequestBuilder().To("gone@example.test").Build());
        var refused = Assert.IsType<SuppressedError>(Assert.Single(again.Errors));
        Assert.Contains("suppression list", refused.Message);
        Assert.Single(_jobs.Enqueued);
    }

    [Fact]
    public async Task Run_RefusedForItsContent_FailsWithoutSuppressingTheAddress()
    {
        var id = await SubmitAsync(new SendRequestBuilder());
        _smtp.Reply = new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.7.1 Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam this message has been blocked.");

        await RunJobAsync(id);

        Assert.Equal(MessageStatus.Failed, (await LoadAsync(id)).Status);
        Assert.Empty(await _services.GetRequiredService<SuppressionList>().ListAsync(_accountId));
    }

    [Fact]
    public async Task Run_Twice_SendsOnce()
    {
        var id = await SubmitAsync(new SendRequestBuilder());

        await RunJobAsync(id);
        await RunJobAsync(id);

        await _smtp.NextAsync();
        Assert.False(_smtp.TryTake(out _));
        Assert.Equal(1, (await LoadAsync(id)).Attempts);
    }

    private async Task<Guid> SubmitAsync(SendRequestBuilder request)
    {
        await using var scope = _services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<MessageSubmission>().SubmitAsync(_accountId, request.Build());
        Assert.True(result.Succeeded);
        Assert.Single(_jobs.Enqueued, result.Value!.Id);
        return result.Value!.Id;
    }

    private async Task RunJobAsync(Guid id)
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DeliverMessageJob>().RunAsync(id, CancellationToken.None);
    }

    private async Task<Message> LoadAsync(Guid id)
    {
        await using var db = _database.CreateContext();
        return await db.Messages.Include(m => m.Events).SingleAsync(m => m.Id == id);
    }

    /// <summary>Stands in for Hangfire's client: records which message each job was created for, and when it was scheduled.</summary>
    private sealed class RecordingJobClient : IBackgroundJobClient
    {
        public List<Guid> Enqueued { get; } = [];

        public List<TimeSpan> Scheduled { get; } = [];

        /// <summary>When each scheduled job is due, by the clock the code under test reads.</summary>
        public List<DateTime> ScheduledFor { get; } = [];

        public string Create(Job job, IState state)
        {
            var id = (Guid)job.Args[0];
            if (state is ScheduledState scheduled)
            {
                Scheduled.Add(TimeSpan.FromMinutes(Math.Round((scheduled.EnqueueAt - scheduled.ScheduledAt).TotalMinutes)));
                ScheduledFor.Add(scheduled.EnqueueAt);
            }
            else
            {
                Enqueued.Add(id);
            }

            return Guid.NewGuid().ToString();
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
