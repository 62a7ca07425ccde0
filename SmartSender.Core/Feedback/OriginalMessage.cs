using Microsoft.EntityFrameworkCore;
using MimeKit;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Feedback;

/// <summary>
/// Finds the message a report is about, and whether the report is bound to it by something an outsider does not
/// have (ADR 0026): it arrived at the message's own return path (<c>bounces+TOKEN@</c>, VERP), or at an address
/// registered with a provider's feedback loop. A report that only names a message in the headers it returns
/// (Message-ID, X-SmartSender-Message-Id, a Return-Path) is found but not bound: anyone who saw the message's headers
/// could have written it.
/// </summary>
public static class OriginalMessage
{
    public static async Task<(Message Message, bool Bound)?> FindAsync(
        SmartSenderDbContext db, IReadOnlyCollection<string> envelopeRecipients, HeaderList? returned, IReadOnlyCollection<string> feedbackAddresses, CancellationToken ct)
    {
        foreach (var token in envelopeRecipients.Select(a => ReturnPath.TokenOf(a.Trim().Trim('<', '>'))).OfType<string>().Distinct())
        {
            if (await db.Messages.FirstOrDefaultAsync(m => m.Token == token, ct) is { } byReturnPath)
            {
                return (byReturnPath, true);
            }
        }

        var atFeedbackLoop = envelopeRecipients.Any(a => feedbackAddresses.Contains(a.Trim().Trim('<', '>'), StringComparer.OrdinalIgnoreCase));
        var named = await NamedInHeadersAsync(db, returned, ct);
        return named is null ? null : (named, atFeedbackLoop);
    }

    private static async Task<Message?> NamedInHeadersAsync(SmartSenderDbContext db, HeaderList? returned, CancellationToken ct)
    {
        if (ReturnPath.TokenOf(returned?[HeaderId.ReturnPath]?.Trim().Trim('<', '>') ?? "") is { } token
            && await db.Messages.FirstOrDefaultAsync(m => m.Token == token, ct) is { } byToken)
        {
            return byToken;
        }

        var id = IdIn(returned?["X-SmartSender-Message-Id"]) ?? IdIn(returned?[HeaderId.MessageId]?.Trim().Trim('<', '>').Split('@')[0]);
        return id is { } found ? await db.Messages.FirstOrDefaultAsync(m => m.Id == found, ct) : null;
    }

    private static Guid? IdIn(string? text) => Guid.TryParse(text?.Trim(), out var id) ? id : null;
}
