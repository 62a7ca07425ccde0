using Microsoft.EntityFrameworkCore;
using MimeKit;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Feedback;

/// <summary>
/// Finds the message a report is about: by the token in the return path it was sent to (VERP), else by the
/// SmartSender message id or the Message-ID in the returned original's headers. Reports never name a message of
/// their own choosing: a token is 128 random bits, an id must also match the returned headers.
/// </summary>
public static class OriginalMessage
{
    public static async Task<Message?> FindAsync(SmartSenderDbContext db, IEnumerable<string> envelopeRecipients, HeaderList? returned, CancellationToken ct)
    {
        var tokens = envelopeRecipients.Append(returned?[HeaderId.ReturnPath] ?? "")
            .Select(a => ReturnPath.TokenOf(a.Trim().Trim('<', '>')))
            .OfType<string>()
            .Distinct()
            .ToList();
        foreach (var token in tokens)
        {
            if (await db.Messages.FirstOrDefaultAsync(m => m.Token == token, ct) is { } byToken)
            {
                return byToken;
            }
        }

        var id = IdIn(returned?["X-SmartSender-Message-Id"]) ?? IdIn(returned?[HeaderId.MessageId]?.Trim().Trim('<', '>').Split('@')[0]);
        return id is { } found ? await db.Messages.FirstOrDefaultAsync(m => m.Id == found, ct) : null;
    }

    private static Guid? IdIn(string? text) => Guid.TryParse(text?.Trim(), out var id) ? id : null;
}
