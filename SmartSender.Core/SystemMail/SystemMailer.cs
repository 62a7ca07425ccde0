using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.SystemMail;

/// <summary>
/// Mail SmartSender itself sends to users (invitations, closure confirmations, export links). It is submitted like any
/// customer's message, on the operator's account from <see cref="AccountsOptions.SystemSender"/>: signed, throttled and
/// tracked the same way, and refused the same way when the operator's domain cannot send.
/// </summary>
public sealed class SystemMailer(IOptions<AccountsOptions> options, IDbContextFactory<SmartSenderDbContext> contexts, MessageSubmission submission)
{
    public const string Tag = "smartsender-system";

    public async Task<Result<Message>> SendAsync(string to, string subject, string text, CancellationToken ct = default)
    {
        var from = options.Value.SystemSender;
        if (string.IsNullOrWhiteSpace(from))
        {
            return SystemMailErrors.NoSender();
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var operatorAccount = await db.Accounts.AsNoTracking().Where(a => a.IsOperator).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        if (operatorAccount is null)
        {
            return SystemMailErrors.NoOperatorAccount();
        }

        var sent = await submission.SubmitAsync(operatorAccount.Value, new SendRequest(from, [to], subject, text, null) { Tags = [Tag] }, ct);
        return sent.Succeeded ? sent : Result<Message>.Failure([SystemMailErrors.Refused(string.Join(" ", sent.Errors.Select(e => e.Message)))]);
    }
}

public static class SystemMailErrors
{
    public static Error NoSender() => new("system_mail_off", "SmartSender sends no mail of its own here: Accounts:SystemSender is not set.");

    public static Error NoOperatorAccount() => new("system_mail_off", "The operator's account does not exist yet.");

    public static Error Refused(string why) => new("system_mail_refused", $"The mail could not be sent: {why}");
}
