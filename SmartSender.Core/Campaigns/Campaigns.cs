using System.Text.Json;
using System.Text.Json.Nodes;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Contacts;
using SmartSender.Core.Contacts.Segments;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Templates;

namespace SmartSender.Core.Campaigns;

/// <summary>A campaign as drafted: its name, template, audience (a list, or a segment of one; on a topic or not), from address and variable defaults.</summary>
public sealed record CampaignDraft(string? Name, Guid? TemplateId, Guid? ListId, string? From, string? DefaultsJson = null, Guid? SegmentId = null, Guid? TopicId = null);

/// <summary>
/// An account's campaigns: drafted, previewed for a contact, tried on oneself, started (now or at a time) once the
/// quota has room for every recipient, paused, resumed and cancelled. Starting fixes the recipients; the
/// <see cref="CampaignSender"/> job queues their messages in batches.
/// </summary>
public sealed class Campaigns(
    IDbContextFactory<SmartSenderDbContext> contexts, MessageSubmission submission, Quota.AccountQuota quota, IBackgroundJobClient jobs,
    DeliveryKick delivery, TimeProvider clock)
{
    public const string PausedReply = "Held: the campaign is paused; it is sent when the campaign resumes.";
    public const string CancelledReply = "Cancelled: the campaign was cancelled before the message was sent.";

    public async Task<List<Campaign>> ListAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Campaigns.AsNoTracking().Where(c => c.AccountId == accountId).OrderByDescending(c => c.CreatedAt).ToListAsync(ct);
    }

    public async Task<Campaign?> GetAsync(Guid accountId, Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.AccountId == accountId, ct);
    }

    /// <summary>Creates a draft, or changes one when <paramref name="id"/> is given.</summary>
    public async Task<Result<Campaign>> SaveAsync(Guid accountId, Guid? id, CampaignDraft draft, CancellationToken ct = default)
    {
        var (name, templateId, listId, from, defaultsJson) = (draft.Name, draft.TemplateId, draft.ListId, draft.From, draft.DefaultsJson);
        var errors = new List<Error>();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > Campaign.NameLength)
        {
            errors.Add(CampaignErrors.NameRequired());
        }

        if (string.IsNullOrWhiteSpace(from))
        {
            errors.Add(CampaignErrors.FromRequired());
        }

        if (defaultsJson is { Length: > 0 } && !IsObject(defaultsJson))
        {
            errors.Add(CampaignErrors.DefaultsInvalid());
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (templateId is null || !await db.Templates.AnyAsync(t => t.Id == templateId && t.AccountId == accountId, ct))
        {
            errors.Add(CampaignErrors.TemplateNotFound());
        }

        if (draft.SegmentId is { } segmentId)
        {
            // A segment brings its list; a list given beside it must be that one.
            var segmentList = await db.Segments.Where(s => s.Id == segmentId && s.AccountId == accountId).Select(s => (Guid?)s.ListId).FirstOrDefaultAsync(ct);
            if (segmentList is null)
            {
                errors.Add(CampaignErrors.SegmentNotFound());
            }
            else if (listId is not null && listId != segmentList)
            {
                errors.Add(CampaignErrors.SegmentOfAnotherList());
            }

            listId = segmentList ?? listId;
        }
        else if (listId is null || !await db.ContactLists.AnyAsync(l => l.Id == listId && l.AccountId == accountId, ct))
        {
            errors.Add(CampaignErrors.ListNotFound());
        }

        if (draft.TopicId is { } topicId && !await db.Topics.AnyAsync(t => t.Id == topicId && t.AccountId == accountId, ct))
        {
            errors.Add(CampaignErrors.TopicNotFound());
        }

        if (errors.Count > 0)
        {
            return Result<Campaign>.Failure(errors);
        }

        var defaults = defaultsJson is { Length: > 0 } ? defaultsJson : null;
        var audience = new AudienceTarget(accountId, listId!.Value, draft.TopicId, draft.SegmentId);
        Campaign? campaign;
        if (id is null)
        {
            campaign = new Campaign(accountId, name!.Trim(), templateId!.Value, audience, from!.Trim(), defaults, clock.GetUtcNow().UtcDateTime);
            db.Campaigns.Add(campaign);
        }
        else
        {
            campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == id && c.AccountId == accountId, ct);
            if (campaign is null)
            {
                return CampaignErrors.NotFound();
            }

            if (!campaign.IsEditable)
            {
                return CampaignErrors.NotEditable(campaign.Status);
            }

            campaign.Edit(name!.Trim(), templateId!.Value, audience, from!.Trim(), defaults);
        }

        await db.SaveChangesAsync(ct);
        return Result<Campaign>.Success(campaign);
    }

    /// <summary>Who it would go to now.</summary>
    public async Task<Result<AudienceCount>> AudienceAsync(Guid accountId, Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.AccountId == accountId, ct);
        if (campaign is null)
        {
            return CampaignErrors.NotFound();
        }

        var audience = await Audience.OpenAsync(db, campaign.Audience, clock.GetUtcNow().UtcDateTime, ct);
        return audience.Succeeded
            ? Result<AudienceCount>.Success(await audience.Value!.CountAsync(ct))
            : Result<AudienceCount>.Failure(audience.Errors);
    }

    /// <summary>The message one contact would get, every rule checked (the content review's verdict on it), nothing stored.</summary>
    public async Task<Result<ValidSendRequest>> PreviewAsync(Guid accountId, Guid id, Guid contactId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.AccountId == accountId, ct);
        var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == contactId && c.AccountId == accountId, ct);
        if (campaign is null)
        {
            return CampaignErrors.NotFound();
        }

        return contact is null
            ? ContactErrors.ContactNotFound()
            : await submission.PreviewAsync(accountId, CampaignRequests.For(campaign, contact.Email, contact.Name, contact.FieldsJson) with { CampaignId = null }, ct);
    }

    /// <summary>Sends the campaign's message, made for <paramref name="contactId"/> (or the list's first contact), to <paramref name="to"/>.</summary>
    public async Task<Result<Message>> TestSendAsync(Guid accountId, Guid id, string to, Guid? contactId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.AccountId == accountId, ct);
        if (campaign is null)
        {
            return CampaignErrors.NotFound();
        }

        var contact = contactId is { } chosen
            ? await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == chosen && c.AccountId == accountId, ct)
            : await FirstContactAsync(db, campaign, ct);
        var request = CampaignRequests.For(campaign, to, contact?.Name, contact?.FieldsJson) with { CampaignId = null, Tags = ["campaign-test"] };
        return await submission.SubmitAsync(accountId, request, ct);
    }

    /// <summary>
    /// Starts the campaign now (or at <paramref name="sendAt"/>): refused up front, with the numbers, when the account's
    /// remaining quota for today is smaller than the audience.
    /// </summary>
    /// <param name="paceAcrossDays">Instead of refusing a campaign larger than today's room, send what the quota allows and go on as room frees up.</param>
    public async Task<Result<Campaign>> StartAsync(Guid accountId, Guid id, DateTimeOffset? sendAt, CancellationToken ct = default, bool? paceAcrossDays = null)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == id && c.AccountId == accountId, ct);
        if (campaign is null)
        {
            return CampaignErrors.NotFound();
        }

        if (!campaign.IsEditable)
        {
            return CampaignErrors.CannotStart(campaign.Status);
        }

        var now = clock.GetUtcNow();
        if (sendAt is { } at && at > now.AddMinutes(1))
        {
            campaign.Schedule(at.UtcDateTime, paceAcrossDays ?? false);
            await db.SaveChangesAsync(ct);
            jobs.Schedule<CampaignSender>(s => s.StartScheduledAsync(campaign.Id, CancellationToken.None), at);
            return Result<Campaign>.Success(campaign);
        }

        if (sendAt is { } past && past < now.AddMinutes(-1))
        {
            return CampaignErrors.SendAtInPast();
        }

        var counted = await AudienceAsync(accountId, id, ct);
        if (!counted.Succeeded)
        {
            return Result<Campaign>.Failure(counted.Errors);
        }

        var audience = counted.Value!;
        if (audience.Recipients == 0)
        {
            return CampaignErrors.NoRecipients();
        }

        var pace = paceAcrossDays ?? campaign.PaceAcrossDays;
        if (!pace && await quota.GetAsync(accountId, ct) is { } standing && audience.Recipients > standing.DailyLimit - standing.Used)
        {
            return CampaignErrors.OverQuota(audience.Recipients, Math.Max(0, standing.DailyLimit - standing.Used), standing.DailyLimit);
        }

        // The job writes the recipients (a large list takes seconds) and counts them; Recipients stays 0 until then.
        campaign.Start(pace, now.UtcDateTime);
        await db.SaveChangesAsync(ct);
        jobs.Enqueue<CampaignSender>(s => s.RunAsync(campaign.Id, CancellationToken.None));
        return Result<Campaign>.Success(campaign);
    }

    /// <summary>
    /// Stops queuing, and holds the campaign's queued messages (those a delivery worker holds now go out). A campaign
    /// whose messages are all queued (Sent) can be paused too, while some still wait for delivery.
    /// </summary>
    public async Task<Result<Campaign>> PauseAsync(Guid accountId, Guid id, CancellationToken ct = default) =>
        await ChangeAsync(accountId, id, c => c.Status is CampaignStatus.Sending or CampaignStatus.Sent ? null : CampaignErrors.NotPausable(c.Status), async (db, c, now) =>
        {
            c.Pause(null);
            await HoldQueuedAsync(db, c.Id, now, ct);
        }, ct);

    public async Task<Result<Campaign>> ResumeAsync(Guid accountId, Guid id, CancellationToken ct = default)
    {
        var resumed = await ChangeAsync(accountId, id, c => c.Status == CampaignStatus.Paused ? null : CampaignErrors.NotResumable(c.Status), async (db, c, now) =>
        {
            c.Resume();
            await db.Messages.Where(m => m.CampaignId == c.Id && m.Status == MessageStatus.Held)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, MessageStatus.Queued).SetProperty(m => m.LastReply, (string?)null)
                    .SetProperty(m => m.NextAttemptAt, m => m.NextAttemptAt < now ? now : m.NextAttemptAt).SetProperty(m => m.UpdatedAt, now), ct);
        }, ct);
        if (resumed.Succeeded)
        {
            delivery.Kick();
            jobs.Enqueue<CampaignSender>(s => s.RunAsync(id, CancellationToken.None));
        }

        return resumed;
    }

    /// <summary>Cancels what is not sent yet: no more messages are queued, and queued or held ones are cancelled; sent mail is not touched.</summary>
    public async Task<Result<Campaign>> CancelAsync(Guid accountId, Guid id, CancellationToken ct = default)
    {
        var cancelled = await ChangeAsync(accountId, id,
            c => c.Status is CampaignStatus.Cancelled ? CampaignErrors.NotCancellable(c.Status) : null,
            (_, c, now) =>
            {
                c.Cancel(now);
                return Task.CompletedTask;
            }, ct);
        if (cancelled.Succeeded)
        {
            await CancelWaitingAsync(id, ct);
        }

        return cancelled;
    }

    /// <summary>Holds a sending campaign's queued mail (the account became Bad), saying why.</summary>
    internal static Task<int> HoldQueuedAsync(SmartSenderDbContext db, Guid campaignId, DateTime now, CancellationToken ct) =>
        db.Messages.Where(m => m.CampaignId == campaignId && m.Status == MessageStatus.Queued && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, MessageStatus.Held).SetProperty(m => m.LastReply, PausedReply)
                .SetProperty(m => m.ClaimId, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTime?)null).SetProperty(m => m.UpdatedAt, now), ct);

    /// <summary>The first contact the campaign selects (for a test send made for someone real), or null.</summary>
    private async Task<Contact?> FirstContactAsync(SmartSenderDbContext db, Campaign campaign, CancellationToken ct)
    {
        var audience = await Audience.OpenAsync(db, campaign.Audience, clock.GetUtcNow().UtcDateTime, ct);
        if (!audience.Succeeded)
        {
            return null;
        }

        await foreach (var chunk in audience.Value!.ChunksAsync(ct, size: 500))
        {
            if (chunk.FirstOrDefault(m => !m.Suppressed) is { } first)
            {
                return await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == first.ContactId, ct);
            }
        }

        return null;
    }

    private async Task<Result<Campaign>> ChangeAsync(
        Guid accountId, Guid id, Func<Campaign, Error?> allowed, Func<SmartSenderDbContext, Campaign, DateTime, Task> change, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == id && c.AccountId == accountId, ct);
        if (campaign is null)
        {
            return CampaignErrors.NotFound();
        }

        if (allowed(campaign) is { } refusal)
        {
            return refusal;
        }

        await change(db, campaign, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return Result<Campaign>.Success(campaign);
    }

    private async Task CancelWaitingAsync(Guid campaignId, CancellationToken ct)
    {
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var waiting = await db.Messages.Where(m => m.CampaignId == campaignId && (m.Status == MessageStatus.Queued || m.Status == MessageStatus.Held)
                    && (m.ClaimedUntil == null || m.ClaimedUntil < now))
                .OrderBy(m => m.CreatedAt).Take(500).ToListAsync(ct);
            if (waiting.Count == 0)
            {
                return;
            }

            foreach (var message in waiting)
            {
                message.Cancel(CancelledReply, now);
            }

            await db.SaveChangesAsync(ct);
        }
    }

    private static bool IsObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) is JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
