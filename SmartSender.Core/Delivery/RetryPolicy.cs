using Microsoft.Extensions.Options;
using SmartSender.Core.Delivery.Replies;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Delivery;

/// <summary>
/// After a temporary failure: try again after the next configured delay (the last one repeating), or after the
/// period the reply asks for ("try again in 15 minutes"); a message still undelivered <see cref="DeliveryOptions.MaxAge"/>
/// after it was due expires. The queue takes the message again at its retry time.
/// </summary>
public class RetryPolicy(IOptions<DeliveryOptions> options)
{
    public void Defer(Message message, ReplyVerdict verdict, DateTime now)
    {
        var reply = verdict.Outcome.Reply;
        var settings = options.Value;
        var deadline = (message.SendAt ?? message.CreatedAt) + settings.MaxAge;
        var delays = settings.RetryDelays;
        var delay = verdict.RetryAfter ?? delays[Math.Min(message.Attempts, delays.Length - 1)];
        if (now >= deadline)
        {
            message.MarkExpired($"Undelivered after {settings.MaxAge.TotalHours:0.#} h and {message.Attempts + 1} attempts. Last reply: {reply}", now);
            return;
        }

        // The last try is at the deadline, not after it.
        var retryAt = now + delay < deadline ? now + delay : deadline;
        message.MarkDeferred(reply, retryAt, now);
    }
}
