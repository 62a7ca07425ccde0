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

public class DeliveryPumpTests(TestDnsServer dns) : IAsyncLifetime, IClassFixture<TestDnsServer>
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
            s.AddSingleton<IMessageSender, SmtpRelaySender>();
            s.AddOptions<LaneOptions>().Configure(o => o.Providers["Relay"] = new LaneLimits { PerHour = 3_600 });
            s.AddDeliveryStack(domains);
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
    public async Task Deliver_AcceptedByRelay_MarksSentWithTheReplyAndDeliversHeadersAndBody()
    {
        var id = await SubmitAsync(new SendRequestBuilder().Subject("Order 1042 confirmed"));
        Assert.True(_services.GetRequiredService<DeliveryPump>().WokenSinceLastLook, "submission did not wake the pump");

        await DeliverAsync();

        var received = await _smtp.NextAsync();
        Assert.Equal("Order 1042 confirmed", received.Subject);
        Assert.Equal("ann@example.test", received.To.Mailboxes.Single().Address);
        Assert.Equal("orders@shop.test", received.From.Mailboxes.Single().Address);
        Assert.Equal(id.ToString(), received.Headers["X-SmartSender-Message-Id"]);
        Assert.Contains("Thank you for your order.", received.TextBody);
        Assert.Contains("<b>order</b>", received.HtmlBody);
        var message = await LoadAsync(id);
        Assert.Equal(MessageStatus.Delivered, message.Status);
        Assert.StartsWith("250", message.LastReply);
        Assert.Equal([MessageEventType.Queued, MessageEventType.Delivered], message.Events.Select(e => e.Type));
    }

    [Fact]
    public async Task Deliver_AMessageOfAnAccountClosedWhileItWaited_IsCancelledNotSent()
    {
        var id = await SubmitAsync(new SendRequestBuilder().Subject("Left behind"));
        await using (var db = _database.CreateContext())
        {
            // As if the approval stopped before it reached this message.
            await db.Accounts.Where(a => a.Id == _accountId).ExecuteUpdateAsync(u => u.SetProperty(a => a.ClosedAt, DateTime.UtcNow));
        }

        await DeliverAsync();

        var message = await LoadAsync(id);
        Assert.Equal(MessageStatus.Cancelled, message.Status);
        Assert.Equal([MessageEventType.Queued, MessageEventType.Cancelled], message.Events.Select(e => e.Type));
        Assert.Equal(0, _smtp.Count);
    }

    [Fact]
    public async Task Deliver_SignsWithRsaAndEd25519_AndBothSignaturesVerifyAfterTheSmtpHop()
    {
        var id = await SubmitAsync(new SendRequestBuilder());

        await DeliverAsync();

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
    public async Task Deliver_ARowQueuedWithoutItsSendingDomain_IsSignedByItsFromDomain()
    {
        // Rows queued before the column existed have it empty; the From domain still decides who signs.
        var id = await SubmitAsync(new SendRequestBuilder());
        await using (var db = _database.CreateContext())
        {
            Assert.Equal(1, await db.Messages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.SendingDomain, "")));
        }

        await DeliverAsync();

        var received = await _smtp.NextAsync();
        Assert.Contains(received.Headers, h => h.Id == MimeKit.HeaderId.DkimSignature && h.Value.Contains("d=shop.test"));
        Assert.Equal(MessageStatus.Delivered, (await LoadAsync(id)).Status);
    }

    [Fact]
    public async Task Deliver_SignatureDoesNotVerifyOnceTheSubjectIsAltered()
    {
        var id = await SubmitAsync(new SendRequestBuilder());
        await DeliverAsync();
        var received = await _smtp.NextAsync();

        received.Subject = "Altered on the way";

        var verifier = new MimeKit.Cryptography.DkimVerifier(new DnsDkimPublicKeyLocator(dns.CreateResolver()));
        Assert.False(await verifier.VerifyAsync(received, received.Headers.First(h => h.Id == MimeKit.HeaderId.DkimSignature)));
    }

    [Fact]
    public async Task Deliver_RefusedWith550_MarksFailedWithTheReplyText()
    {
        var id = await SubmitAsync(new SendRequestBuilder());
        _smtp.Reply = new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 No such user here");

        await DeliverAsync();

        var message = await LoadAsync(id);
        Assert.Equal(MessageStatus.Failed, message.Status);
        Assert.Equal("550 5.1.1 No such user here", message.LastReply);
        Assert.Equal([MessageEventType.Queued, MessageEventType.Failed], message.Events.Select(e => e.Type));
    }

    [Fact]
    public async Task Deliver_DeferredWith451_StaysQueuedAndIsRetriedLater()
    {
        var id = await SubmitAsync(new SendRequestBuilder());
        _smtp.Reply = new SmtpResponse(SmtpReplyCode.Error, "4.3.0 Try again later");

        await DeliverAsync();

        var message = await LoadAsync(id);
        Assert.Equal(MessageStatus.Queued, message.Status);
        Assert.Equal(MessageEventType.Deferred, message.Events[^1].Type);
        Assert.Equal(_clock.Now.UtcDateTime.AddMinutes(1), message.NextAttemptAt);
        Assert.Null(message.ClaimId);
    }

    [Fact]
    public async Task Deliver_DeferredPastTheRetrySchedule_RepeatsTheLastDelay_AndExpiresAtTheMaximumAge()
    {
        var id = await SubmitAsync(new SendRequestBuilder());
        var created = _clock.Now.UtcDateTime;
        _smtp.Reply = new SmtpResponse(SmtpReplyCode.Error, "4.3.0 Try again later");

        var retries = new List<DateTime>();
        foreach (var step in new[] { 0, 1, 5 })
        {
            _clock.Now = _clock.Now.AddMinutes(step);
            await DeliverAsync();
            retries.Add((await LoadAsync(id)).NextAttemptAt);
        }

        Assert.Equal([created.AddMinutes(1), created.AddMinutes(6), created.AddMinutes(11)], retries);
        Assert.Equal(MessageStatus.Queued, (await LoadAsync(id)).Status);

        _clock.Now = new DateTimeOffset(created.AddHours(72), TimeSpan.Zero);
        await DeliverAsync();

        var message = await LoadAsync(id);
        Assert.Equal(MessageStatus.Expired, message.Status);
        Assert.Equal(MessageEventType.Expired, message.Events[^1].Type);
        Assert.Equal(4, message.Attempts);
        Assert.Equal("Undelivered after 72 h and 4 attempts. Last reply: 471 4.3.0 Try again later", message.LastReply);
    }

    [Fact]
    public async Task Deliver_ReplyThatSaysWhenToTryAgain_IsRetriedThen()
    {
        var id = await SubmitAsync(new SendRequestBuilder());
        _smtp.Reply = new SmtpResponse(SmtpReplyCode.Error, "4.7.1 Greylisted, please try again in 7 minutes");

        await DeliverAsync();

        Assert.Equal(_clock.Now.UtcDateTime.AddMinutes(7), (await LoadAsync(id)).NextAttemptAt);
    }

    [Fact]
    public async Task Deliver_RelayNotListening_IsDeferredNotLost()
    {
        var id = await SubmitAsync(new SendRequestBuilder());
        await _smtp.DisposeAsync();

        await DeliverAsync();

        var message = await LoadAsync(id);
        Assert.Equal(MessageStatus.Queued, message.Status);
        Assert.Contains("No SMTP conversation", message.LastReply);
    }

    [Fact]
    public async Task Deliver_MarketingMessage_CarriesOneClickUnsubscribe_SignedByDkim_AndTheSameLinkInItsFooter()
    {
        var id = await SubmitAsync(new SendRequestBuilder().Marketing());

        await DeliverAsync();

        var received = await _smtp.NextAsync();
        var token = (await LoadAsync(id)).Token;
        Assert.Matches("^[A-Za-z0-9_-]{30}$", token);
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
    public async Task Deliver_TransactionalMessage_HasNoUnsubscribeHeadersOrFooter()
    {
        var id = await SubmitAsync(new SendRequestBuilder());

        await DeliverAsync();

        var received = await _smtp.NextAsync();
        Assert.False(received.Headers.Contains(MimeKit.HeaderId.ListUnsubscribe));
        Assert.False(received.Headers.Contains(MimeKit.HeaderId.ListUnsubscribePost));
        Assert.DoesNotContain("Unsubscribe", received.TextBody);
    }

    [Fact]
    public async Task Deliver_SlowDownReply_PausesTheLane_TheNextMessageWaitsWithoutAnAttempt_ThenGoes()
    {
        var first = await SubmitAsync(new SendRequestBuilder());
        _smtp.Reply = new SmtpResponse(SmtpReplyCode.ServiceUnavailable, "4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred due to unexpected volume or user complaints");
        await DeliverAsync();
        _smtp.Reply = null;
        var second = await SubmitAsync(new SendRequestBuilder().To("ben@example.test"));

        await DeliverAsync();

        Assert.False(_smtp.TryTake(out _));
        var waiting = await LoadAsync(second);
        Assert.Equal((MessageStatus.Queued, 0, "relay|Relay"), (waiting.Status, waiting.Attempts, waiting.LaneKey));
        var lane = Assert.Single(await _services.GetRequiredService<LaneRegistry>().ListAsync());
        Assert.Equal((1_800.0, "yahoo-tss04", 2), (lane.CurrentPerHour, lane.LastRule, lane.Queued));
        Assert.Equal(_clock.Now.UtcDateTime.AddMinutes(1), lane.PausedUntil);
        Assert.Equal(lane.PausedUntil, waiting.NextAttemptAt);
        Assert.Equal(_clock.Now.UtcDateTime.AddMinutes(1), (await LoadAsync(first)).NextAttemptAt);

        _clock.Now = _clock.Now.AddSeconds(61);
        await DeliverAsync();

        var received = new[] { await _smtp.NextAsync(), await _smtp.NextAsync() }.Select(m => m.To.Mailboxes.Single().Address).Order();
        Assert.Equal(["ann@example.test", "ben@example.test"], received);
        Assert.Equal(MessageStatus.Delivered, (await LoadAsync(second)).Status);
    }

    [Fact]
    public async Task Deliver_UserUnknown_FailsAndSuppressesTheAddress_SoTheNextMessageToItIsRefused()
    {
        var id = await SubmitAsync(new SendRequestBuilder().To("Gone@Example.test"));
        _smtp.Reply = new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 <gone@example.test>: Recipient address rejected: User unknown");

        await DeliverAsync();

        Assert.Equal(MessageStatus.Failed, (await LoadAsync(id)).Status);
        var suppression = Assert.Single(await _services.GetRequiredService<SuppressionList>().ListAsync(_accountId));
        Assert.Equal(("gone@example.test", SuppressionReason.HardBounce, id), (suppression.Address, suppression.Reason, suppression.MessageId));
        await using var scope = _services.CreateAsyncScope();
        var again = await scope.ServiceProvider.GetRequiredService<MessageSubmission>().SubmitAsync(_accountId, new SendRequestBuilder().To("gone@example.test").Build());
        var refused = Assert.IsType<SuppressedError>(Assert.Single(again.Errors));
        Assert.Contains("suppression list", refused.Message);
        await using var db = _database.CreateContext();
        Assert.Equal(1, await db.Messages.CountAsync());
    }

    [Fact]
    public async Task Deliver_RefusedForItsContent_FailsWithoutSuppressingTheAddress()
    {
        var id = await SubmitAsync(new SendRequestBuilder());
        _smtp.Reply = new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.7.1 Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam this message has been blocked.");

        await DeliverAsync();

        Assert.Equal(MessageStatus.Failed, (await LoadAsync(id)).Status);
        Assert.Empty(await _services.GetRequiredService<SuppressionList>().ListAsync(_accountId));
    }

    [Fact]
    public async Task Deliver_Twice_SendsOnce()
    {
        var id = await SubmitAsync(new SendRequestBuilder());

        await DeliverAsync();
        await DeliverAsync();

        await _smtp.NextAsync();
        Assert.False(_smtp.TryTake(out _));
        Assert.Equal(1, (await LoadAsync(id)).Attempts);
    }

    [Fact]
    public async Task Deliver_SeveralMessages_ShareOneSession_UpToTheMessagesPerConnection()
    {
        _services.GetRequiredService<IOptions<LaneOptions>>().Value.Providers["Relay"] = new LaneLimits { PerHour = 3_600, Connections = 1, MessagesPerConnection = 2 };
        var ids = new List<Guid>();
        foreach (var name in new[] { "ann", "ben", "cat", "dan", "eve" })
        {
            ids.Add(await SubmitAsync(new SendRequestBuilder().To($"{name}@example.test")));
        }

        await DeliverAsync();

        var received = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            received.Add((await _smtp.NextAsync()).To.Mailboxes.Single().Address);
        }

        Assert.Equal(["ann", "ben", "cat", "dan", "eve"], received.Select(a => a.Split('@')[0]).Order());
        Assert.Equal(3, _smtp.Sessions);
        foreach (var id in ids)
        {
            Assert.Equal(MessageStatus.Delivered, (await LoadAsync(id)).Status);
        }
    }

    [Fact]
    public async Task Deliver_MessageHeldByAPumpThatDied_IsTakenOverOnceItsClaimLapses_OneStillHeldIsLeftAlone()
    {
        var orphan = await SubmitAsync(new SendRequestBuilder().To("ann@example.test"));
        _clock.Now = _clock.Now.AddSeconds(1);
        var held = await SubmitAsync(new SendRequestBuilder().To("ben@example.test"));
        var queue = _services.GetRequiredService<Core.Delivery.Queue.DeliveryQueue>();
        Assert.Equal(2, (await queue.ClaimAsync(Guid.NewGuid(), 1, TimeSpan.FromMinutes(2))).Count + (await queue.ClaimAsync(Guid.NewGuid(), 1, TimeSpan.FromMinutes(5))).Count);

        await DeliverAsync();
        Assert.False(_smtp.TryTake(out _));

        _clock.Now = _clock.Now.AddMinutes(3);
        await DeliverAsync();

        Assert.Equal("ann@example.test", (await _smtp.NextAsync()).To.Mailboxes.Single().Address);
        Assert.False(_smtp.TryTake(out _));
        Assert.Equal((MessageStatus.Delivered, MessageStatus.Queued), ((await LoadAsync(orphan)).Status, (await LoadAsync(held)).Status));
    }

    [Fact]
    public async Task Deliver_MoreThanTheLaneAllowsNow_SendsItsMinutesWorth_AndPutsTheRestOffWithoutAnAttempt()
    {
        _services.GetRequiredService<IOptions<LaneOptions>>().Value.Providers["Relay"] = new LaneLimits { PerHour = 180, Connections = 2 };
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await SubmitAsync(new SendRequestBuilder().To($"r{i}@example.test")));
        }

        await DeliverAsync();

        // 180 an hour is 3 a minute: the bucket holds 3; the next token comes 20 s later.
        var messages = new List<Message>();
        foreach (var id in ids)
        {
            messages.Add(await LoadAsync(id));
        }

        Assert.Equal(3, messages.Count(m => m.Status == MessageStatus.Delivered));
        var waiting = messages.Where(m => m.Status == MessageStatus.Queued).ToList();
        Assert.Equal(2, waiting.Count);
        Assert.All(waiting, m => Assert.Equal((0, _clock.Now.UtcDateTime.AddSeconds(20)), (m.Attempts, m.NextAttemptAt)));
    }

    private async Task<Guid> SubmitAsync(SendRequestBuilder request)
    {
        var message = await _services.SubmitAsync(_accountId, request.Build());
        Assert.Equal(MessageStatus.Queued, message.Status);
        return message.Id;
    }

    private Task DeliverAsync() => _services.DrainAsync();

    private async Task<Message> LoadAsync(Guid id)
    {
        await using var db = _database.CreateContext();
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
