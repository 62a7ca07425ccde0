using SmartSender.Core.Common;
using SmartSender.Core.Feedback.Bounces;
using SmartSender.Core.Messages;
using SmartSender.Tests.Builders;

namespace SmartSender.Tests.Messages;

public class MessageTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Queue_StartsQueuedWithAQueuedEvent()
    {
        var message = new MessageBuilder().QueuedAt(Now).Build();

        Assert.Equal(MessageStatus.Queued, message.Status);
        Assert.Equal(MessageEventType.Queued, Assert.Single(message.Events).Type);
    }

    [Fact]
    public void MarkDeferred_KeepsItQueuedAndRecordsTheReply()
    {
        var message = new MessageBuilder().QueuedAt(Now).Build();

        message.MarkDeferred("451 4.3.0 try later", Now.AddMinutes(5), Now);

        Assert.Equal(MessageStatus.Queued, message.Status);
        Assert.Equal(1, message.Attempts);
        Assert.Equal("451 4.3.0 try later", message.LastReply);
        Assert.Equal(MessageEventType.Deferred, message.Events[^1].Type);
    }

    [Fact]
    public void MarkDelivered_OnADeliveredMessage_Throws()
    {
        var message = new MessageBuilder().QueuedAt(Now).Build();
        message.MarkDelivered("250 ok", Now);

        Assert.Throws<InvalidOperationException>(() => message.MarkDelivered("250 ok", Now));
        Assert.Throws<InvalidOperationException>(() => message.MarkFailed("550 no", null, Now));
    }

    [Fact]
    public void MarkFailed_AndMarkExpired_RecordTheirBounceReasonOnTheEvent()
    {
        var failed = new MessageBuilder().QueuedAt(Now).Build();
        var expired = new MessageBuilder().QueuedAt(Now).Build();

        failed.MarkFailed("550 5.1.1 no such user", nameof(BounceReason.UserUnknown), Now);
        expired.MarkExpired("451 4.4.1 no answer", Now);

        Assert.Equal((MessageEventType.Failed, "UserUnknown"), (failed.Events[^1].Type, failed.Events[^1].Reason));
        Assert.Equal((MessageEventType.Expired, nameof(BounceReason.Expired)), (expired.Events[^1].Type, expired.Events[^1].Reason));
    }
}
