using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Contacts;
using SmartSender.Web.Auth;

namespace SmartSender.Web.Api;

public record MembershipApiView([property: JsonPropertyName("list_id")] Guid ListId, string List, string Status, [property: JsonPropertyName("changed_at")] DateTime ChangedAt, string How);

public record TopicChoiceApiView([property: JsonPropertyName("topic_id")] Guid TopicId, string Topic, bool Subscribed,
    [property: JsonPropertyName("changed_at")] DateTime? ChangedAt, string? How);

/// <summary>A contact; <c>suppressed</c> is why its address gets no marketing mail at all (the reason the suppressions API gives: HardBounce, Complaint, Unsubscribe, …), or null.</summary>
public record ContactApiView(Guid Id, string Email, string? Name, JsonElement Fields, [property: JsonPropertyName("created_at")] DateTime CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTime UpdatedAt, IReadOnlyList<MembershipApiView> Lists, IReadOnlyList<TopicChoiceApiView> Topics, string? Suppressed)
{
    public static ContactApiView Of(ContactView c) => new(c.Id, c.Email, c.Name, JsonSerializer.SerializeToElement(c.Fields), c.CreatedAt, c.UpdatedAt,
        [.. c.Lists.Select(l => new MembershipApiView(l.ListId, l.List, l.Status.ToString().ToLowerInvariant(), l.ChangedAt, l.How))],
        [.. c.Topics.Select(t => new TopicChoiceApiView(t.TopicId, t.Topic, t.Subscribed, t.ChangedAt, t.How))],
        c.Suppressed?.ToString());
}

public record ContactFieldView(string Name, string Type);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public record ContactFieldBody(string? Name, string? Type);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public record TopicBody(string? Name, string? Description, [property: JsonPropertyName("subscribed_by_default")] bool? SubscribedByDefault);

public record TopicView(Guid Id, string Name, string? Description, [property: JsonPropertyName("subscribed_by_default")] bool SubscribedByDefault,
    [property: JsonPropertyName("created_at")] DateTime CreatedAt, int Joined, int Left)
{
    public static TopicView Of(TopicSummary t) => new(t.Id, t.Name, t.Description, t.SubscribedByDefault, t.CreatedAt, t.Joined, t.Left);
}

public record ContactPageView(IReadOnlyList<ContactApiView> Items, int Total, int Page, [property: JsonPropertyName("page_size")] int PageSize);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public record ContactBody(string? Email, string? Name, JsonElement? Fields, [property: JsonPropertyName("list_ids")] IReadOnlyList<Guid>? ListIds);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public record SubscriptionBody(string? Status);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public record ListBody(string? Name);

/// <summary>Contacts and lists: <c>/api/v1/contacts</c>, <c>/api/v1/lists</c>.</summary>
public static class ContactsApi
{
    public static IEndpointRouteBuilder MapContactsApi(this IEndpointRouteBuilder app)
    {
        var contacts = app.MapGroup("/api/v1/contacts").RequireAuthorization(Policies.ApiKey).DisableAntiforgery().WithTags("Contacts");
        contacts.MapGet("/", SearchAsync).WithSummary("The account's contacts, newest first")
            .WithDescription("Filters: search (part of the address or name), list_id; page from 0, page_size 1–200.");
        contacts.MapPost("/", UpsertAsync).WithSummary("Add a contact, or update the one with that address")
            .WithDescription("fields: values of the account's custom fields (made by an import), each of its type. list_ids: lists to subscribe it to where it is not on them yet.");
        contacts.MapGet("/{id:guid}", GetAsync).WithSummary("A contact with its lists");
        contacts.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete a contact");
        contacts.MapPut("/{id:guid}/lists/{listId:guid}", SubscribeAsync).WithSummary("Set a contact's subscription on a list")
            .WithDescription("status: subscribed or unsubscribed. A suppressed address gets no marketing mail whatever its lists say.");
        contacts.MapPut("/{id:guid}/topics/{topicId:guid}", ChooseTopicAsync).WithSummary("Set whether a contact gets a topic's mail")
            .WithDescription("status: subscribed or unsubscribed. Until a contact chooses, the topic's subscribed_by_default decides.");

        var fields = app.MapGroup("/api/v1/contact-fields").RequireAuthorization(Policies.ApiKey).DisableAntiforgery().WithTags("Contacts");
        fields.MapGet("/", FieldsAsync).WithSummary("The account's custom contact fields and their types");
        fields.MapPost("/", CreateFieldAsync).WithSummary("Add a custom contact field")
            .WithDescription("type: text, number, date or boolean. Templates see the field as a variable of that name.");

        var topics = app.MapGroup("/api/v1/topics").RequireAuthorization(Policies.ApiKey).DisableAntiforgery().WithTags("Contacts");
        topics.MapGet("/", TopicsAsync).WithSummary("The account's topics, with how many contacts joined and left each");
        topics.MapPost("/", CreateTopicAsync).WithSummary("Create a topic")
            .WithDescription("A topic is a kind of mail contacts choose to get or not (a newsletter, product news). subscribed_by_default: opt-out (true) or opt-in (false).");

        var lists = app.MapGroup("/api/v1/lists").RequireAuthorization(Policies.ApiKey).DisableAntiforgery().WithTags("Contacts");
        lists.MapGet("/", ListsAsync).WithSummary("The account's lists with their numbers of contacts");
        lists.MapPost("/", CreateListAsync).WithSummary("Create a list");
        lists.MapGet("/{id:guid}/export", ExportAsync).WithSummary("A list's contacts as CSV").Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return app;
    }

    public static async Task<Ok<ContactPageView>> SearchAsync(
        ClaimsPrincipal caller, ContactBook book, CancellationToken ct, string? search = null, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "list_id")] Guid? listId = null,
        int page = 0, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "page_size")] int pageSize = 50)
    {
        var size = Math.Clamp(pageSize, 1, ContactBook.MaxPageSize);
        var found = await book.SearchAsync(caller.GetAccountId(), search, listId, Math.Max(page, 0), size, ct);
        return TypedResults.Ok(new ContactPageView([.. found.Contacts.Select(ContactApiView.Of)], found.Total, Math.Max(page, 0), size));
    }

    public static async Task<Results<Ok<ContactApiView>, ProblemHttpResult>> UpsertAsync(ContactBody body, ClaimsPrincipal caller, ContactBook book, HttpContext http, CancellationToken ct)
    {
        var saved = await book.UpsertAsync(caller.GetAccountId(), body.Email, body.Name, body.Fields, body.ListIds ?? [], ct);
        return saved.Succeeded ? TypedResults.Ok(ContactApiView.Of(saved.Value!)) : Problems.For(saved.Errors, http, "The contact was not saved");
    }

    public static async Task<Results<Ok<ContactApiView>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal caller, ContactBook book, HttpContext http, CancellationToken ct) =>
        await book.GetAsync(caller.GetAccountId(), id, ct) is { } contact
            ? TypedResults.Ok(ContactApiView.Of(contact))
            : Problems.For([ContactErrors.ContactNotFound()], http, "Contact not found");

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, ClaimsPrincipal caller, ContactBook book, HttpContext http, CancellationToken ct)
    {
        var deleted = await book.DeleteAsync(caller.GetAccountId(), id, ct);
        return deleted.Succeeded ? TypedResults.NoContent() : Problems.For(deleted.Errors, http, "Contact not found");
    }

    public static async Task<Results<Ok<ContactApiView>, ProblemHttpResult>> SubscribeAsync(
        Guid id, Guid listId, SubscriptionBody body, ClaimsPrincipal caller, ContactBook book, HttpContext http, CancellationToken ct)
    {
        if (body.Status?.ToLowerInvariant() is not ("subscribed" or "unsubscribed"))
        {
            return Problems.Invalid(new Error("status_invalid", "status must be subscribed or unsubscribed.", "status"), http, "The subscription was not changed");
        }

        var status = body.Status.Equals("subscribed", StringComparison.OrdinalIgnoreCase) ? SubscriptionStatus.Subscribed : SubscriptionStatus.Unsubscribed;
        var changed = await book.SubscribeAsync(caller.GetAccountId(), id, listId, status, $"API key {caller.Identity?.Name}", ct);
        return changed.Succeeded ? TypedResults.Ok(ContactApiView.Of(changed.Value!)) : Problems.For(changed.Errors, http, "The subscription was not changed");
    }

    public static async Task<Results<Ok<ContactApiView>, ProblemHttpResult>> ChooseTopicAsync(
        Guid id, Guid topicId, SubscriptionBody body, ClaimsPrincipal caller, TopicBook topics, ContactBook book, HttpContext http, CancellationToken ct)
    {
        if (body.Status?.ToLowerInvariant() is not ("subscribed" or "unsubscribed"))
        {
            return Problems.Invalid(new Error("status_invalid", "status must be subscribed or unsubscribed.", "status"), http, "The choice was not changed");
        }

        var status = body.Status.Equals("subscribed", StringComparison.OrdinalIgnoreCase) ? SubscriptionStatus.Subscribed : SubscriptionStatus.Unsubscribed;
        var chosen = await topics.ChooseAsync(caller.GetAccountId(), id, topicId, status, $"API key {caller.Identity?.Name}", ct);
        return chosen.Succeeded && await book.GetAsync(caller.GetAccountId(), id, ct) is { } contact
            ? TypedResults.Ok(ContactApiView.Of(contact))
            : Problems.For(chosen.Errors, http, "The choice was not changed");
    }

    public static async Task<Ok<ContactFieldView[]>> FieldsAsync(ClaimsPrincipal caller, ContactBook book, CancellationToken ct) =>
        TypedResults.Ok((await book.FieldsAsync(caller.GetAccountId(), ct)).Select(f => new ContactFieldView(f.Name, f.Type.ToString().ToLowerInvariant())).ToArray());

    public static async Task<Results<Created<ContactFieldView>, ProblemHttpResult>> CreateFieldAsync(
        ContactFieldBody body, ClaimsPrincipal caller, ContactBook book, HttpContext http, CancellationToken ct)
    {
        var created = await book.CreateFieldAsync(caller.GetAccountId(), body.Name, body.Type, ct);
        return created.Succeeded
            ? TypedResults.Created("/api/v1/contact-fields", new ContactFieldView(created.Value!.Name, created.Value.Type.ToString().ToLowerInvariant()))
            : Problems.For(created.Errors, http, "The field was not added");
    }

    public static async Task<Ok<TopicView[]>> TopicsAsync(ClaimsPrincipal caller, TopicBook topics, CancellationToken ct) =>
        TypedResults.Ok((await topics.ListAsync(caller.GetAccountId(), ct)).Select(TopicView.Of).ToArray());

    public static async Task<Results<Created<TopicView>, ProblemHttpResult>> CreateTopicAsync(TopicBody body, ClaimsPrincipal caller, TopicBook topics, HttpContext http, CancellationToken ct)
    {
        var created = await topics.CreateAsync(caller.GetAccountId(), body.Name, body.Description, body.SubscribedByDefault ?? true, ct);
        return created.Succeeded ? TypedResults.Created($"/api/v1/topics/{created.Value!.Id}", TopicView.Of(created.Value)) : Problems.For(created.Errors, http, "The topic was not created");
    }

    public static async Task<Ok<ListSummary[]>> ListsAsync(ClaimsPrincipal caller, ContactBook book, CancellationToken ct) =>
        TypedResults.Ok((await book.ListsAsync(caller.GetAccountId(), ct)).ToArray());

    public static async Task<Results<Created<ListSummary>, ProblemHttpResult>> CreateListAsync(ListBody body, ClaimsPrincipal caller, ContactBook book, HttpContext http, CancellationToken ct)
    {
        var created = await book.CreateListAsync(caller.GetAccountId(), body.Name, ct);
        return created.Succeeded ? TypedResults.Created($"/api/v1/lists/{created.Value!.Id}", created.Value) : Problems.For(created.Errors, http, "The list was not created");
    }

    public static async Task ExportAsync(Guid id, ClaimsPrincipal caller, ContactBook book, HttpContext http, CancellationToken ct)
    {
        if (await book.ListNameAsync(caller.GetAccountId(), id, ct) is not { } name)
        {
            await Problems.For([ContactErrors.ListNotFound()], http, "List not found").ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{string.Concat(name.Where(char.IsAsciiLetterOrDigit))}-contacts.csv\"";
        await book.ExportAsync(caller.GetAccountId(), id, http.Response.Body, ct);
    }
}
