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
/// What the receiving server's reply does to a message: failed on 5xx (suppressing only an unknown user), retried on
/// 4xx by the schedule until it expires, paused lanes on a slow-down, deferred when nobody answers.
/// </summary>
public class DeliveryRepliesTests(TestDnsServer dns) : PumpTest(dns), IClassFixture<TestDnsServer>
{
    [Fact]
    public async Task Deliver_RefusedWith550_MarksFailedWithTheReplyText()
    {
        var id = await SubmitAsync(new SendRequestBuilder());
        Smtp.Reply = new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 No such user here");

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
        Smtp.Reply = new SmtpResponse(SmtpReplyCode.Error, "4.3.0 Try again later");

        await DeliverAsync();

        var message = await LoadAsync(id);
        Assert.Equal(MessageStatus.Queued, message.Status);
        Assert.Equal(MessageEventType.Deferred, message.Events[^1].Type);
        Assert.Equal(Clock.Now.UtcDateTime.AddMinutes(1), message.NextAttemptAt);
        Assert.Null(message.ClaimId);
    }

    [Fact]
    public async Task Deliver_DeferredPastTheRetrySchedule_RepeatsTheLastDelay_AndExpiresAtTheMaximumAge()
    {
        var id = await SubmitAsync(new SendRequestBuilder());
        var created = Clock.Now.UtcDateTime;
        Smtp.Reply = new SmtpResponse(SmtpReplyCode.Error, "4.3.0 Try again later");

        var retries = new List<DateTime>();
        foreach (var step in new[] { 0, 1, 5 })
        {
            Clock.Now = Clock.Now.AddMinutes(step);
            await DeliverAsync();
            retries.Add((await LoadAsync(id)).NextAttemptAt);
        }

        Assert.Equal([created.AddMinutes(1), created.AddMinutes(6), created.AddMinutes(11)], retries);
        Assert.Equal(MessageStatus.Queued, (await LoadAsync(id)).Status);

        Clock.Now = new DateTimeOffset(created.AddHours(72), TimeSpan.Zero);
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
        Smtp.Reply = new SmtpResponse(SmtpReplyCode.Error, "4.7.1 Greylisted, please try again in 7 minutes");

        await DeliverAsync();

        Assert.Equal(Clock.Now.UtcDateTime.AddMinutes(7), (await LoadAsync(id)).NextAttemptAt);
    }

    [Fact]
    public async Task Deliver_RelayNotListening_IsDeferredNotLost()
    {
        var id = await SubmitAsync(new SendRequestBuilder());
        await Smtp.DisposeAsync();

        await DeliverAsync();

        var message = await LoadAsync(id);
        Assert.Equal(MessageStatus.Queued, message.Status);
        Assert.Contains("No SMTP conversation", message.LastReply);
    }

    [Fact]
    public async Task Deliver_SlowDownReply_PausesTheLane_TheNextMessageWaitsWithoutAnAttempt_ThenGoes()
    {
        var first = await SubmitAsync(new SendRequestBuilder());
        Smtp.Reply = new SmtpResponse(SmtpReplyCode.ServiceUnavailable, "4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred due to unexpected volume or user complaints");
        await DeliverAsync();
        Smtp.Reply = null;
        var second = await SubmitAsync(new SendRequestBuilder().To("ben@example.test"));

        await DeliverAsync();

        Assert.False(Smtp.TryTake(out _));
        var waiting = await LoadAsync(second);
        Assert.Equal((MessageStatus.Queued, 0, "relay|Relay"), (waiting.Status, waiting.Attempts, waiting.LaneKey));
        var lane = Assert.Single(await Services.GetRequiredService<LaneRegistry>().ListAsync());
        Assert.Equal((1_800.0, "yahoo-tss04", 2), (lane.CurrentPerHour, lane.LastRule, lane.Queued));
        Assert.Equal(Clock.Now.UtcDateTime.AddMinutes(1), lane.PausedUntil);
        Assert.Equal(lane.PausedUntil, waiting.NextAttemptAt);
        Assert.Equal(Clock.Now.UtcDateTime.AddMinutes(1), (await LoadAsync(first)).NextAttemptAt);

        Clock.Now = Clock.Now.AddSeconds(61);
        await DeliverAsync();

        var received = new[] { await Smtp.NextAsync(), await Smtp.NextAsync() }.Select(m => m.To.Mailboxes.Single().Address).Order();
        Assert.Equal(["ann@example.test", "ben@example.test"], received);
        Assert.Equal(MessageStatus.Delivered, (await LoadAsync(second)).Status);
    }

    [Fact]
    public async Task Deliver_UserUnknown_FailsAndSuppressesTheAddress_SoTheNextMessageToItIsRefused()
    {
        var id = await SubmitAsync(new SendRequestBuilder().To("Gone@Example.test"));
        Smtp.Reply = new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 <gone@example.test>: Recipient address rejected: User unknown");

        await DeliverAsync();

        Assert.Equal(MessageStatus.Failed, (await LoadAsync(id)).Status);
        var suppression = Assert.Single(await Services.GetRequiredService<SuppressionList>().ListAsync(AccountId));
        Assert.Equal(("gone@example.test", SuppressionReason.HardBounce, id), (suppression.Address, suppression.Reason, suppression.MessageId));
        await using var scope = Services.CreateAsyncScope();
        var again = await scope.ServiceProvider.GetRequiredService<MessageSubmission>().SubmitAsync(AccountId, new SendRequestBuilder().To("gone@example.test").Build());
        var refused = Assert.IsType<SuppressedError>(Assert.Single(again.Errors));
        Assert.Contains("suppression list", refused.Message);
        await using var db = Database.CreateContext();
        Assert.Equal(1, await db.Messages.CountAsync());
    }

    [Fact]
    public async Task Deliver_RefusedForItsContent_FailsWithoutSuppressingTheAddress()
    {
        var id = await SubmitAsync(new SendRequestBuilder());
        Smtp.Reply = new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.7.1 Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam this message has been blocked.");

        await DeliverAsync();

        Assert.Equal(MessageStatus.Failed, (await LoadAsync(id)).Status);
        Assert.Empty(await Services.GetRequiredService<SuppressionList>().ListAsync(AccountId));
    }
}
