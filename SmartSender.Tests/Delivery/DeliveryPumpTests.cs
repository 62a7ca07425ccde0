using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Delivery;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Delivery.Pump;
using SmartSender.Core.Domains;
using SmartSender.Core.Domains.Dkim;
using SmartSender.Core.Messages;
using SmartSender.Core.Suppressions;
using SmartSender.Core.Templates;
using SmartSender.Core.Tracking;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Domains;
using SmartSender.Tests.Fixtures;
using SmtpServer.Protocol;

namespace SmartSender.Tests.Delivery;

/// <summary>
/// The pump on a SQLite file with a relay on 127.0.0.1: a message delivered with its reply and events, never twice,
/// several in one session, taken over from a pump that died, and held to its lane's rate.
/// </summary>
public class DeliveryPumpTests(TestDnsServer dns) : PumpTest(dns), IClassFixture<TestDnsServer>
{
    [Fact]
    public async Task Deliver_AcceptedByRelay_MarksSentWithTheReplyAndDeliversHeadersAndBody()
    {
        var id = await SubmitAsync(new SendRequestBuilder().Subject("Order 1042 confirmed"));
        Assert.True(Services.GetRequiredService<DeliveryPump>().WokenSinceLastLook, "submission did not wake the pump");

        await DeliverAsync();

        var received = await Smtp.NextAsync();
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
        await using (var db = Database.CreateContext())
        {
            // As if the approval stopped before it reached this message.
            await db.Accounts.Where(a => a.Id == AccountId).ExecuteUpdateAsync(u => u.SetProperty(a => a.ClosedAt, DateTime.UtcNow));
        }

        await DeliverAsync();

        var message = await LoadAsync(id);
        Assert.Equal(MessageStatus.Cancelled, message.Status);
        Assert.Equal([MessageEventType.Queued, MessageEventType.Cancelled], message.Events.Select(e => e.Type));
        Assert.Equal(0, Smtp.Count);
    }

    [Fact]
    public async Task Deliver_Twice_SendsOnce()
    {
        var id = await SubmitAsync(new SendRequestBuilder());

        await DeliverAsync();
        await DeliverAsync();

        await Smtp.NextAsync();
        Assert.False(Smtp.TryTake(out _));
        Assert.Equal(1, (await LoadAsync(id)).Attempts);
    }

    [Fact]
    public async Task Deliver_SeveralMessages_ShareOneSession_UpToTheMessagesPerConnection()
    {
        Services.GetRequiredService<IOptions<LaneOptions>>().Value.Providers["Relay"] = new LaneLimits { PerHour = 3_600, Connections = 1, MessagesPerConnection = 2 };
        var ids = new List<Guid>();
        foreach (var name in new[] { "ann", "ben", "cat", "dan", "eve" })
        {
            ids.Add(await SubmitAsync(new SendRequestBuilder().To($"{name}@example.test")));
        }

        await DeliverAsync();

        var received = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            received.Add((await Smtp.NextAsync()).To.Mailboxes.Single().Address);
        }

        Assert.Equal(["ann", "ben", "cat", "dan", "eve"], received.Select(a => a.Split('@')[0]).Order());
        Assert.Equal(3, Smtp.Sessions);
        foreach (var id in ids)
        {
            Assert.Equal(MessageStatus.Delivered, (await LoadAsync(id)).Status);
        }
    }

    [Fact]
    public async Task Deliver_MessageHeldByAPumpThatDied_IsTakenOverOnceItsClaimLapses_OneStillHeldIsLeftAlone()
    {
        var orphan = await SubmitAsync(new SendRequestBuilder().To("ann@example.test"));
        Clock.Now = Clock.Now.AddSeconds(1);
        var held = await SubmitAsync(new SendRequestBuilder().To("ben@example.test"));
        var queue = Services.GetRequiredService<Core.Delivery.Queue.DeliveryQueue>();
        Assert.Equal(2, (await queue.ClaimAsync(Guid.NewGuid(), 1, TimeSpan.FromMinutes(2))).Count + (await queue.ClaimAsync(Guid.NewGuid(), 1, TimeSpan.FromMinutes(5))).Count);

        await DeliverAsync();
        Assert.False(Smtp.TryTake(out _));

        Clock.Now = Clock.Now.AddMinutes(3);
        await DeliverAsync();

        Assert.Equal("ann@example.test", (await Smtp.NextAsync()).To.Mailboxes.Single().Address);
        Assert.False(Smtp.TryTake(out _));
        Assert.Equal((MessageStatus.Delivered, MessageStatus.Queued), ((await LoadAsync(orphan)).Status, (await LoadAsync(held)).Status));
    }

    [Fact]
    public async Task Deliver_MoreThanTheLaneAllowsNow_SendsItsMinutesWorth_AndPutsTheRestOffWithoutAnAttempt()
    {
        Services.GetRequiredService<IOptions<LaneOptions>>().Value.Providers["Relay"] = new LaneLimits { PerHour = 180, Connections = 2 };
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
        Assert.All(waiting, m => Assert.Equal((0, Clock.Now.UtcDateTime.AddSeconds(20)), (m.Attempts, m.NextAttemptAt)));
    }
}
