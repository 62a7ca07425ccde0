using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.ApiKeys;
using SmartSender.Core.Domains;
using SmartSender.Core.Idempotency;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Suppressions;
using SmartSender.Core.Templates;
using SmartSender.Core.Users;
using SmartSender.Core.Webhooks;

namespace SmartSender.Core.Closure;

/// <summary>
/// Deletes what a closed account kept once its retention period is over: messages with their content, events and
/// attachments, templates, suppressions, domains and their keys, webhooks, API keys, users and invitations, and the
/// export. The account's row (its id and name) and the audit log stay, so the log still says who did what.
/// </summary>
public sealed class AccountPurge(
    IDbContextFactory<SmartSenderDbContext> contexts, AccountExport export, Audit.AuditLog audit, IOptions<AccountsOptions> options, TimeProvider clock)
{
    /// <summary>Purges every account closed longer than the retention period; returns the ids purged.</summary>
    public async Task<IReadOnlyList<Guid>> PurgeDueAsync(CancellationToken ct = default)
    {
        var due = clock.GetUtcNow().UtcDateTime - options.Value.ClosureRetention;
        List<Guid> ids;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            ids = await db.Accounts.Where(a => a.ClosedAt != null && a.ClosedAt <= due && a.PurgedAt == null).Select(a => a.Id).ToListAsync(ct);
        }

        foreach (var id in ids)
        {
            await PurgeAsync(id, ct);
        }

        return ids;
    }

    private async Task PurgeAsync(Guid id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // The turn ends with the transaction: the audit entry below is saved by a context of its own, which waits for it.
        Account account;
        using (await SqliteWriteGate.EnterAsync(db, ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var messages = db.Messages.Where(m => m.AccountId == id).Select(m => m.Id);
            var domains = db.SendingDomains.Where(d => d.AccountId == id).Select(d => d.Id);
            var templates = db.Templates.Where(t => t.AccountId == id).Select(t => t.Id);
            var users = db.Users.Where(u => u.AccountId == id).Select(u => u.Id);

            await db.SuppressionRemovals.Where(r => r.AccountId == id).ExecuteDeleteAsync(ct);
            await db.Suppressions.Where(s => s.AccountId == id).ExecuteDeleteAsync(ct);
            await db.MessageEvents.Where(e => messages.Contains(e.MessageId)).ExecuteDeleteAsync(ct);
            await db.Set<MessageAttachment>().Where(a => messages.Contains(a.MessageId)).ExecuteDeleteAsync(ct);
            await db.Messages.Where(m => m.AccountId == id).ExecuteDeleteAsync(ct);
            await db.Set<TemplateVersion>().Where(v => templates.Contains(v.TemplateId)).ExecuteDeleteAsync(ct);
            await db.Templates.Where(t => t.AccountId == id).ExecuteDeleteAsync(ct);
            await db.Set<DkimKey>().Where(k => domains.Contains(k.DomainId)).ExecuteDeleteAsync(ct);
            await db.Set<RecordCheck>().Where(c => domains.Contains(c.DomainId)).ExecuteDeleteAsync(ct);
            await db.Set<DomainCheckEvent>().Where(e => domains.Contains(e.DomainId)).ExecuteDeleteAsync(ct);
            await db.SendingDomains.Where(d => d.AccountId == id).ExecuteDeleteAsync(ct);
            await db.WebhookDeliveries.Where(d => d.AccountId == id).ExecuteDeleteAsync(ct);
            await db.WebhookEndpoints.Where(e => e.AccountId == id).ExecuteDeleteAsync(ct);
            await db.ApiKeys.Where(k => k.AccountId == id).ExecuteDeleteAsync(ct);
            await db.IdempotencyRecords.Where(r => r.AccountId == id).ExecuteDeleteAsync(ct);
            await db.Invitations.Where(i => i.AccountId == id).ExecuteDeleteAsync(ct);
            await db.ClosureConfirmations.Where(c => c.AccountId == id).ExecuteDeleteAsync(ct);
            await db.UserRoles.Where(r => users.Contains(r.UserId)).ExecuteDeleteAsync(ct);
            await db.UserClaims.Where(c => users.Contains(c.UserId)).ExecuteDeleteAsync(ct);
            await db.UserLogins.Where(l => users.Contains(l.UserId)).ExecuteDeleteAsync(ct);
            await db.UserTokens.Where(t => users.Contains(t.UserId)).ExecuteDeleteAsync(ct);
            await db.Users.Where(u => u.AccountId == id).ExecuteDeleteAsync(ct);

            account = await db.Accounts.FirstAsync(a => a.Id == id, ct);
            account.Purged(clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        await export.DeleteAsync(id, ct);
        await audit.RecordAsync(id, Audit.AuditActor.SmartSender, Audit.AuditActions.AccountPurged, account.Name,
            $"closed on {account.ClosedAt:yyyy-MM-dd}, retention {options.Value.ClosureRetention.TotalDays:0} days", ct);
    }
}
