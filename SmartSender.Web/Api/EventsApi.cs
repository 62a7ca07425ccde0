using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Events;
using SmartSender.Core.Messages;
using SmartSender.Web.Auth;

namespace SmartSender.Web.Api;

public record EventView(long Id, Guid MessageId, string Recipient, string Type, string Source, bool Machine, DateTime OccurredAt, string? Detail)
{
    public static EventView Of(EventRecord e) =>
        new(e.Id, e.MessageId, e.Recipient, e.Type.ToString(), e.Source.ToString(), e.Machine, e.OccurredAt, e.Detail);
}

public record EventListView(IReadOnlyList<EventView> Items, string? Next);

public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/events", ListAsync).RequireAuthorization(Policies.ApiKey).WithTags("Events")
            .WithSummary("The account's events, newest first")
            .WithDescription("Filters: type (repeatable or comma-separated: Delivered, HardBounced, Opened, …), message, recipient (part of the address), from and to (ISO 8601). Page with the next cursor of the previous answer; limit is 1–500 (50 by default).");
        return app;
    }

    public static async Task<Results<Ok<EventListView>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal caller, EventLog log, HttpContext http, CancellationToken ct,
        string[]? type = null, Guid? message = null, string? recipient = null, DateTime? from = null, DateTime? to = null, string? cursor = null, int limit = 50)
    {
        var errors = new List<Error>();
        var types = new List<MessageEventType>();
        foreach (var name in (type ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (EnumName.Parse<MessageEventType>(name) is { } parsed)
            {
                types.Add(parsed);
            }
            else
            {
                errors.Add(new Error("event_type_unknown", $"'{name}' is not an event type. Use one of: {string.Join(", ", Enum.GetNames<MessageEventType>())}.", "type"));
            }
        }

        long? before = null;
        if (cursor is not null)
        {
            if (long.TryParse(cursor, out var value) && value > 0)
            {
                before = value;
            }
            else
            {
                errors.Add(new Error("cursor_invalid", "The cursor is not one this API gave out; use the next value of the previous page.", "cursor"));
            }
        }

        if (limit is < 1 or > EventLog.MaxLimit)
        {
            errors.Add(new Error("limit_invalid", $"The limit must be between 1 and {EventLog.MaxLimit}.", "limit"));
        }

        if (from is { } f && to is { } t && t <= f)
        {
            errors.Add(new Error("range_invalid", "'to' must be later than 'from'.", "to"));
        }

        if (errors.Count > 0)
        {
            return Problems.For(errors, http, "The event query is not valid");
        }

        var page = await log.ListAsync(caller.GetAccountId(), new EventQuery(types, message, recipient, from?.ToUniversalTime(), to?.ToUniversalTime(), before, limit), ct);
        return TypedResults.Ok(new EventListView([.. page.Items.Select(EventView.Of)], page.Next?.ToString()));
    }
}
