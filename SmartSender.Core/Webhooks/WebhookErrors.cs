using SmartSender.Core.Common;

namespace SmartSender.Core.Webhooks;

public static class WebhookErrors
{
    public static Error NotFound() => new NotFoundError("webhook_not_found", "No such webhook endpoint in this account.");

    public static Error DeliveryNotFound() => new NotFoundError("webhook_delivery_not_found", "No such webhook delivery in this account.");

    public static Error TypeInvalid(string given) =>
        new("webhook_type_invalid", $"'{given}' is not an event type. Use names such as message.delivered, message.hard_bounced, message.opened.", "events");
}
