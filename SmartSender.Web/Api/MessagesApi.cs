using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmartSender.Core.Accounts;
using SmartSender.Core.Domains;
using SmartSender.Core.Messages;
using SmartSender.Web.Auth;

namespace SmartSender.Web.Api;

public static class MessagesApi
{
    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/messages").RequireAuthorization(Policies.ApiKey).DisableAntiforgery();
        api.MapPost("/", SendAsync);
        api.MapGet("/{id:guid}", GetAsync);
        return app;
    }

    public static async Task<Results<Accepted<MessageAccepted>, ValidationProblem, ProblemHttpResult>> SendAsync(
        SendMessageBody body, ClaimsPrincipal caller, MessageSubmission submission, CancellationToken ct)
    {
        var request = new SendRequest(body.From, body.Recipients(), body.Subject, body.Text, body.Html);
        var result = await submission.SubmitAsync(caller.GetAccountId(), request, ct);
        if (result.Errors is [UnsignedError unsigned])
        {
            return Problems.Unsigned(unsigned);
        }

        if (!result.Succeeded)
        {
            return Problems.Validation(result.Errors, "The message was not accepted");
        }

        var message = result.Value!;
        return TypedResults.Accepted($"/api/v1/messages/{message.Id}", new MessageAccepted(message.Id, message.Status.ToString()));
    }

    public static async Task<Results<Ok<MessageView>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal caller, MessageLog log, CancellationToken ct)
    {
        var message = await log.FindAsync(caller.GetAccountId(), id, ct);
        return message is null
            ? TypedResults.Problem(statusCode: 404, title: "Message not found", detail: MessageErrors.NotFound().Message)
            : TypedResults.Ok(MessageView.Of(message));
    }
}
