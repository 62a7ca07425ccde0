using Microsoft.EntityFrameworkCore;
using MimeKit;
using SmartSender.Core.Campaigns;
using SmartSender.Core.Common;
using SmartSender.Core.Contacts;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Suppressions;

namespace SmartSender.Core.Tracking;

/// <summary>What the anonymous tracking endpoints may know of a message: whether its token exists, its Nth link, and how to unsubscribe its recipient.</summary>
public sealed class TrackingLookup(IDbContextFactory<SmartSenderDbContext> contexts, MessageLinks links, TimeProvider clock)
{
    /// <summary>The original URL behind a tracked link, or null for an unknown token or number.</summary>
    public async Task<string?> LinkAsync(string token, int index, CancellationToken ct = default)
    {
        if (index < 0 || !LooksLikeToken(token))
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var message = await db.Messages.AsNoTracking().Where(m => m.Token == token && m.TrackClicks)
            .Select(m => new { m.HtmlBody, m.TrackedLinksJson, m.SendingDomain }).FirstOrDefaultAsync(ct);

        // Once the content is removed (retention), the links it had are what remains of it.
        var urls = message?.HtmlBody is { } html
            ? TrackedHtml.Links(html, links, message.SendingDomain)
            : message?.TrackedLinksJson is { } kept ? System.Text.Json.JsonSerializer.Deserialize<string[]>(kept) ?? [] : [];
        return index < urls.Count ? urls[index] : null;
    }

    /// <summary>The recipient's address, for the unsubscribe page, or null for an unknown token.</summary>
    public async Task<string?> RecipientAsync(string token, CancellationToken ct = default)
    {
        if (!LooksLikeToken(token))
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var to = await db.Messages.AsNoTracking().Where(m => m.Token == token).Select(m => m.To).FirstOrDefaultAsync(ct);
        return to is null ? null : MailboxAddress.Parse(to).Address;
    }

    /// <summary>
    /// Puts the recipient on the account's suppression list for marketing and records the unsubscribe on the message,
    /// at once and idempotently. False for an unknown token.
    /// </summary>
    public async Task<bool> UnsubscribeAsync(string token, string evidence, CancellationToken ct = default)
    {
        if (!LooksLikeToken(token))
        {
            return false;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Token == token, ct);
        if (message is null)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var address = MailboxAddress.Parse(message.To).Address;
        var already = await db.MessageEvents.AnyAsync(e => e.MessageId == message.Id && e.Type == MessageEventType.Unsubscribed, ct);
        if (!already)
        {
            message.RecordTracking(MessageEventType.Unsubscribed, evidence, machine: false, now);
        }

        // RFC 8058: the recipient's mail client waits on this POST, so it writes ahead of background writers, and once
        // begun it is finished whether or not the client stays for the answer.
        using (await SqliteWriteGate.EnterAsync(db, ct, ahead: true))
        {
            // A campaign's mail unsubscribes from the campaign's list; any other marketing mail from the account's.
            if (!await UnsubscribeFromCampaignAsync(db, message, address, now))
            {
                await SuppressionList.StageAsync(db, new Suppression(message.AccountId, address, SuppressionReason.Unsubscribe, evidence, message.Id, now), CancellationToken.None);
            }

            await db.SaveChangesAsync(CancellationToken.None);
        }

        return true;
    }

    /// <summary>A campaign's mail leaves the campaign's topic when it has one, else its list; false when the address is no contact of it.</summary>
    private static async Task<bool> UnsubscribeFromCampaignAsync(SmartSenderDbContext db, Message message, string address, DateTime now)
    {
        if (message.CampaignId is not { } campaignId)
        {
            return false;
        }

        var campaign = await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId).Select(c => new { c.ListId, c.TopicId, c.Name }).FirstOrDefaultAsync(CancellationToken.None);
        var email = address.ToLowerInvariant();
        var contactId = campaign is null ? null : await db.Contacts.Where(c => c.AccountId == message.AccountId && c.Email == email)
            .Select(c => (Guid?)c.Id).FirstOrDefaultAsync(CancellationToken.None);
        if (contactId is not { } contact)
        {
            return false;
        }

        var how = $"one-click unsubscribe from the campaign {campaign!.Name}";
        if (campaign.TopicId is { } topicId)
        {
            await Contacts.TopicBook.StageAsync(db, topicId, contact, Contacts.SubscriptionStatus.Unsubscribed, now, how, CancellationToken.None);
            return true;
        }

        var membership = await db.ListMemberships.FirstOrDefaultAsync(m => m.ListId == campaign.ListId && m.ContactId == contact, CancellationToken.None);
        if (membership is null)
        {
            return false;
        }

        membership.Change(Contacts.SubscriptionStatus.Unsubscribed, now, how);
        return true;
    }

    /// <summary>Tokens are 30 URL-safe base64 characters (22 before they began with their time); anything else is not looked up.</summary>
    public static bool LooksLikeToken(string token) =>
        token.Length is >= 16 and <= 32 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
