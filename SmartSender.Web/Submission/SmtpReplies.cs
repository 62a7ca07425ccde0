using System.Globalization;
using SmartSender.Core.Common;
using SmtpServer.Protocol;

namespace SmartSender.Web.Submission;

/// <summary>
/// The submission listener's answers: a standard reply code, an enhanced status code (RFC 3463) and words a person
/// understands. A refused message is answered as the HTTP API would refuse it, with the same reason and text.
/// </summary>
public static class SmtpReplies
{
    public static SmtpResponse Reply(int code, string enhanced, string text) =>
        new((SmtpReplyCode)code, $"{enhanced} {OneLine(text)}");

    public static SmtpResponse AuthenticationRequired() =>
        Reply(530, "5.7.0", "Authentication required: log in (AUTH PLAIN or LOGIN) with an API key as the password");

    public static SmtpResponse EncryptionRequired() =>
        Reply(538, "5.7.11", "Encryption required: send STARTTLS before AUTH, or connect to the TLS port");

    public static SmtpResponse CredentialsInvalid() =>
        Reply(535, "5.7.8", "Authentication credentials invalid: the password must be an API key of this SmartSender (Account page)");

    public static SmtpResponse NotFromHere(string key, string address) =>
        Reply(535, "5.7.8", $"The key '{key}' may not be used from {address}");

    public static SmtpResponse TooManyFailures(TimeSpan wait) =>
        Reply(454, "4.7.0", $"Too many failed logins from this address; try again in {Seconds(wait)} s");

    public static SmtpResponse OneRecipient() =>
        Reply(452, "4.5.3", "Too many recipients: SmartSender takes one recipient per message, so each has its own statistics; send the next one in a new transaction");

    public static SmtpResponse Accepted(Guid id) => Reply(250, "2.0.0", $"Queued as {id}");

    public static SmtpResponse NotMime() => Reply(550, "5.6.0", "Not a MIME message");

    public static SmtpResponse TryLater() => Reply(451, "4.3.0", "The message could not be stored; try again later");

    public static SmtpResponse OutsideKeyDomains(IReadOnlyList<string> domains) =>
        Reply(550, "5.7.1", $"This key may only send from {string.Join(", ", domains)}");

    /// <summary>The first error decides the code; every error's words are in the text, each with its reason code.</summary>
    public static SmtpResponse Refused(IReadOnlyList<Error> errors)
    {
        var first = errors[0];
        var text = string.Join(" ", errors.Select(e => $"{e.Code}: {Prose.WithoutFullStop(e.Message)}."));
        return first switch
        {
            TooManyRequestsError limit => Reply(452, "4.7.1", $"{text} Try again in {Seconds(limit.RetryAfter)} s"),
            ConflictError => Reply(451, "4.3.0", text),
            { Kind: ErrorKind.Forbidden } => Reply(550, "5.7.1", text),
            { Code: "suppressed" } => Reply(550, "5.1.1", text),
            { Kind: ErrorKind.Unprocessable } => Reply(550, "5.7.1", text),
            { Kind: ErrorKind.NotFound } => Reply(550, "5.6.0", text),
            { Field: "to" } => Reply(550, "5.1.3", text),
            { Field: "from" } => Reply(550, "5.1.7", text),
            { Code: "attachments_too_large" or "message_too_large" } => Reply(552, "5.3.4", text),
            _ => Reply(550, "5.6.0", text),
        };
    }

    private static string Seconds(TimeSpan wait) => Math.Max(1, Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>A reply is one line: no CR or LF from the words it carries, and at most 400 characters.</summary>
    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 400 ? line : line[..399] + "…";
    }
}
