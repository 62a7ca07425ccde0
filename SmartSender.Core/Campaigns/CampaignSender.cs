using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartSender.Core.Common;
using SmartSender.Core.Contacts;
using SmartSender.Core.Contacts.Segments;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Campaigns;

/// <summary>
/// Queues a started campaign's messages, <see cref="BatchSize"/> recipients at a time, each batch through the batch
/// submission path (every rule a single send meets; one transaction per batch), so that the API and the dashboard
/// take their turns between batches. It stops when the campaign is paused or cancelled, and pauses it, saying why,
/// when the account's daily quota runs out (or, paced across days, waits for the quota's room and goes on) or its
/// sending is paused (a Bad reputation). A recipient is marked done
/// after its message is stored; after a crash in between, the next run finds the stored message and does not queue
/// it again.
/// </summary>
public sealed class CampaignSender(
    IServiceScopeFactory scopes, IDbContextFactory<SmartSenderDbContext> contexts, IBackgroundJobClient jobs, TimeProvider clock, ILogger<CampaignSender> log)
{
    public const int BatchSize = 200;

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    public async Task RunAsync(Guid campaignId, CancellationToken ct)
    {
        // Only the first batch of a run can meet messages stored before a crash but not marked: later ones were
        // marked in this run, so they need not look.
        var first = true;
        while (await NextBatchAsync(campaignId, first, ct))
        {
            first = false;
        }
    }

    /// <summary>A scheduled campaign's time came: it starts as <see cref="Campaigns.StartAsync"/> would start it now.</summary>
    [AutomaticRetry(Attempts = 3)]
    public async Task StartScheduledAsync(Guid campaignId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (campaign is not { Status: CampaignStatus.Scheduled })
        {
            return;
        }

        var started = await scope.ServiceProvider.GetRequiredService<Campaigns>().StartAsync(campaign.AccountId, campaignId, null, ct);
        if (!started.Succeeded)
        {
            var tracked = await db.Campaigns.FirstAsync(c => c.Id == campaignId, ct);
            tracked.Pause($"It could not start at its time: {string.Join(" ", started.Errors.Select(e => e.Message))}");
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>Queues one batch; false when there is nothing more to do now.</summary>
    private async Task<bool> NextBatchAsync(Guid campaignId, bool afterACrash, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (campaign is not { Status: CampaignStatus.Sending })
        {
            return false;
        }

        if (campaign.Recipients == 0)
        {
            // The first run (or one that a crash cut short): the recipients are written before any message.
            campaign.Fixed(await FixRecipientsAsync(db, campaign, ct));
            await db.SaveChangesAsync(ct);
        }

        var batch = await db.CampaignRecipients.Where(r => r.CampaignId == campaignId && !r.Done).OrderBy(r => r.Id).Take(BatchSize).ToListAsync(ct);
        if (batch.Count == 0)
        {
            campaign.Finish(clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
            log.LogInformation("Campaign {CampaignId} is sent: {Queued} messages queued, {Skipped} recipients skipped", campaignId, campaign.Queued, campaign.Skipped);
            return false;
        }

        // Stored before a crash but not marked: found, not queued again.
        var emails = batch.Select(r => r.Email).ToList();
        var stored = !afterACrash ? [] : await db.Messages.AsNoTracking().Where(m => m.CampaignId == campaignId && emails.Contains(m.To))
            .Select(m => new { m.To, m.Id }).ToDictionaryAsync(m => m.To, m => m.Id, ct);
        var queued = 0;
        foreach (var recipient in batch.Where(r => stored.ContainsKey(r.Email)))
        {
            recipient.Queued(stored[recipient.Email]);
            queued++;
        }

        var pending = batch.Where(r => !r.Done).ToList();
        var ids = pending.Select(r => r.ContactId).ToList();
        var contacts = await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var requests = pending.Select(r => contacts.TryGetValue(r.ContactId, out var c)
            ? Result<SendRequest>.Success(CampaignRequests.For(campaign, r.Email, c.Name, c.FieldsJson))
            : Result<SendRequest>.Success(CampaignRequests.For(campaign, r.Email, null, null))).ToList();

        var skipped = 0;
        string? stop = null;
        var wait = TimeSpan.Zero;
        TimeSpan? quotaRoomIn = null;
        if (requests.Count > 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            var submitted = await scope.ServiceProvider.GetRequiredService<BatchSubmission>().SubmitAsync(campaign.AccountId, requests, ct, bulk: true);
            if (!submitted.Succeeded && campaign.PaceAcrossDays && submitted.Errors.OfType<Quota.QuotaExceededError>().FirstOrDefault(e => e.Reason == Quota.QuotaExceededError.Daily) is { } full)
            {
                quotaRoomIn = full.RetryAfter;
            }
            else if (!submitted.Succeeded && submitted.Errors.All(e => e is Quota.QuotaExceededError { Reason: Quota.QuotaExceededError.Rate }))
            {
                // The account's per-second limit: the campaign goes at the account's pace.
                wait = submitted.Errors.OfType<Quota.QuotaExceededError>().Max(e => e.RetryAfter);
            }
            else if (!submitted.Succeeded)
            {
                stop = string.Join(" ", submitted.Errors.Select(e => e.Message));
            }
            else
            {
                for (var i = 0; i < pending.Count; i++)
                {
                    var result = submitted.Value![i];
                    if (result.Succeeded)
                    {
                        pending[i].Queued(result.Value!.Id);
                        queued++;
                    }
                    else if (result.Errors.FirstOrDefault(e => e.Code is Quota.QuotaExceededError.Daily) is Quota.QuotaExceededError daily && campaign.PaceAcrossDays)
                    {
                        quotaRoomIn = daily.RetryAfter;
                    }
                    else if (result.Errors.FirstOrDefault(e => e.Code is Quota.QuotaExceededError.Daily or Quota.QuotaExceededError.Paused) is { } limit)
                    {
                        stop ??= limit.Message;
                    }
                    else if (result.Errors.All(e => e.Code != Quota.QuotaExceededError.Rate))
                    {
                        pending[i].Skip(string.Join(" ", result.Errors.Select(e => e.Message)));
                        skipped++;
                    }
                }
            }
        }

        campaign.Progress(queued, skipped);
        campaign.WaitForQuota(quotaRoomIn is { } roomIn ? clock.GetUtcNow().UtcDateTime + roomIn : null);
        if (quotaRoomIn is { } later)
        {
            // Paced across days: the rest goes when the quota has room again.
            jobs.Schedule<CampaignSender>(s => s.RunAsync(campaignId, CancellationToken.None), later);
            log.LogInformation("Campaign {CampaignId} waits {Wait} for the daily quota", campaignId, later);
            await db.SaveChangesAsync(ct);
            return false;
        }

        if (stop is not null)
        {
            campaign.Pause(stop);
            log.LogWarning("Campaign {CampaignId} paused itself: {Reason}", campaignId, stop);
        }

        await db.SaveChangesAsync(ct);
        if (stop is null && (wait > TimeSpan.Zero || pending.Any(r => !r.Done)))
        {
            // Refused for the per-second limit only: the rest waits for room.
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1), ct);
        }

        return stop is null;
    }

    /// <summary>
    /// Writes the campaign's recipients, the contacts its audience selects whose addresses are not suppressed: a chunk
    /// per transaction, so the API's writes take their turns between them. The chunks come in contact order, so a run
    /// after a crash goes on after the last contact written.
    /// </summary>
    private async Task<int> FixRecipientsAsync(SmartSenderDbContext db, Campaign campaign, CancellationToken ct)
    {
        var audience = await Audience.OpenAsync(db, campaign.Audience, clock.GetUtcNow().UtcDateTime, ct);
        if (!audience.Succeeded)
        {
            // Its segment or topic went away meanwhile: nobody is written, and the campaign finishes with none.
            log.LogWarning("Campaign {CampaignId} has no audience: {Reason}", campaign.Id, string.Join(" ", audience.Errors.Select(e => e.Message)));
            return 0;
        }

        var written = db.CampaignRecipients.AsNoTracking().Where(r => r.CampaignId == campaign.Id);
        var count = await written.CountAsync(ct);
        var after = await written.OrderByDescending(r => r.ContactId).Select(r => (Guid?)r.ContactId).FirstOrDefaultAsync(ct);
        // A thousand per transaction: each holds SQLite's writer for tens of milliseconds, not the half second five thousand took.
        await foreach (var chunk in audience.Value!.ChunksAsync(ct, size: 1_000, after: after))
        {
            var recipients = chunk.Where(m => !m.Suppressed).Select(m => new CampaignRecipient(campaign.Id, m.ContactId, m.Email)).ToList();
            using (await SqliteWriteGate.EnterAsync(db, ct))
            {
                db.CampaignRecipients.AddRange(recipients);
                await db.SaveChangesAsync(ct);
            }

            foreach (var entry in db.ChangeTracker.Entries<CampaignRecipient>().ToList())
            {
                entry.State = EntityState.Detached;
            }

            count += recipients.Count;
        }

        return count;
    }
}
