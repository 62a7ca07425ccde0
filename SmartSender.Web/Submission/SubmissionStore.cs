using System.Buffers;
using MimeKit;
using SmartSender.Core.Messages;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SmartSender.Web.Submission;

/// <summary>
/// DATA: the message goes through <see cref="MessageSubmission"/> exactly as <c>POST /api/v1/messages</c> sends it,
/// and only a stored message is answered 250, so a 250 means what a 202 means. A refusal stores nothing and answers
/// with the API's reason and words (<see cref="SmtpReplies.Refused"/>).
/// </summary>
public sealed partial class SubmissionStore(IServiceScopeFactory scopes, ILogger<SubmissionStore> logger) : MessageStore
{
    public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken ct)
    {
        if (ApiKeyLogin.KeyOf(context) is not { } key)
        {
            return SmtpReplies.AuthenticationRequired();
        }

        MimeMessage mime;
        try
        {
            using var stream = new MemoryStream(buffer.ToArray(), writable: false);
            mime = await MimeMessage.LoadAsync(stream, ct);
        }
        catch (FormatException)
        {
            return SmtpReplies.NotMime();
        }

        var recipient = transaction.To.Single();
        var request = MimeSendRequest.From(mime, $"{recipient.User}@{recipient.Host}");
        if (!request.Succeeded)
        {
            return SmtpReplies.Refused(request.Errors);
        }

        // A key limited to some sending domains may send from those only, as in the HTTP API.
        if (!key.Limits.AllowsSender(request.Value!.From))
        {
            return SmtpReplies.OutsideKeyDomains(key.Limits.Domains);
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();

            // Not the session's token: once the message is stored, it is answered, even if the client has gone.
            var result = await scope.ServiceProvider.GetRequiredService<MessageSubmission>().SubmitAsync(key.AccountId, request.Value! with { Test = key.Test }, CancellationToken.None);
            return result.Succeeded ? SmtpReplies.Accepted(result.Value!.Id) : SmtpReplies.Refused(result.Errors);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotStored(logger, ex, key.AccountId);
            return SmtpReplies.TryLater();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A message submitted by SMTP for account {AccountId} could not be stored")]
    private static partial void LogNotStored(ILogger logger, Exception ex, Guid accountId);
}
