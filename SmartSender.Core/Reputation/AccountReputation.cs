using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Persistence;
using SmartSender.Core.Webhooks;
using SmartSender.Core.Accounts;

namespace SmartSender.Core.Reputation;

/// <summary>
/// Judges accounts from their mail (<see cref="ReputationCalculator"/>) and keeps the result: a change of level is
/// stored with its reason in the history, announced by webhook, and at Bad holds the account's queued marketing mail
/// (released again when the account recovers).
/// </summary>
public sealed class AccountReputation(
    IDbContextFactory<SmartSenderDbContext> contexts, IOptions<ReputationOptions> options, MarketingHold hold, AccountNotices notices, TimeProvider clock)
{
    public const int TrendDays = 90;

    public async Task<ReputationAssessment?> RecomputeAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var days = await DailyCountsReader.ReadAsync(db, accountId, DateOnly.FromDateTime(now), WindowDays, ct);
        var assessment = ReputationCalculator.Assess(days, options.Value);
        var before = account.Reputation;
        account.Judge(assessment.Level, assessment.Reason, now);
        if (before == assessment.Level)
        {
            await db.SaveChangesAsync(ct);
            return assessment;
        }

        using var turn = await SqliteWriteGate.EnterAsync(db, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.ReputationChanges.Add(new ReputationChange(accountId, ReputationChangeKind.Level, before.ToString(), assessment.Level.ToString(), assessment.Reason, ReputationChange.System, now));
        await notices.AddAsync(db, accountId, AccountNotices.ReputationChanged,
            new { accountId, from = before.ToString(), to = assessment.Level.ToString(), reason = assessment.Reason }, now, ct);
        await db.SaveChangesAsync(ct);
        if (assessment.Level == ReputationLevel.Bad)
        {
            await MarketingHold.HoldAsync(db, accountId, now, ct);
        }
        else if (before == ReputationLevel.Bad && await hold.ReleaseAsync(db, accountId, now, ct) is > 0 and var released)
        {
            db.ReputationChanges.Add(new ReputationChange(accountId, ReputationChangeKind.Release, $"{released:N0} held", "queued",
                "The reputation recovered from Bad.", ReputationChange.System, now));
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        notices.Sent();
        return assessment;
    }

    public async Task<int> RecomputeAllAsync(CancellationToken ct = default)
    {
        List<Guid> ids;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            ids = await db.Accounts.AsNoTracking().Where(a => a.ClosedAt == null).Select(a => a.Id).ToListAsync(ct);
        }

        foreach (var id in ids)
        {
            await RecomputeAsync(id, ct);
        }

        return ids.Count;
    }

    public async Task<ReputationReport?> ReportAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new { a.Reputation, a.ReputationReason, a.ReputationChangedAt }).FirstOrDefaultAsync(ct);
        if (account is null)
        {
            return null;
        }

        var o = options.Value;
        var days = await DailyCountsReader.ReadAsync(db, accountId, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), TrendDays + WindowDays, ct);
        var assessment = ReputationCalculator.Assess(days, o);
        var trend = Enumerable.Range(days.Count - TrendDays, TrendDays).Select(end =>
        {
            var upTo = days.Take(end + 1).ToList();
            return new TrendPoint(days[end].Day, ReputationCalculator.Assess(upTo, o).Level,
                Enum.GetValues<ReputationFactor>().ToDictionary(f => f, f => ReputationCalculator.Read(upTo, f, o.ShortWindowDays, o).Rate));
        }).ToList();
        var history = await db.ReputationChanges.AsNoTracking().Where(c => c.AccountId == accountId).OrderByDescending(c => c.At).Take(50).ToListAsync(ct);
        return new ReputationReport(account.Reputation, account.ReputationReason, account.ReputationChangedAt, assessment,
            ReputationProjection.Outlook(days, assessment, o), trend, history, o)
        { Held = (await MarketingHold.CountsAsync(db, ct)).GetValueOrDefault(accountId) };
    }

    private int WindowDays => Math.Max(options.Value.LongWindowDays, options.Value.ShortWindowDays);
}
