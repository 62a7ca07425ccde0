using Microsoft.EntityFrameworkCore;
using Npgsql;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Delivery;

/// <summary>
/// PostgreSQL keeps one plan for a prepared statement whatever its values (a generic plan), made while the table may
/// still be empty, as on a fresh installation. The outcome UPDATE's plan must find the message by its key even then:
/// found through the status index instead, each outcome scans every message of that status once the queue fills.
/// The server tells the plan it ran (auto_explain, sent to this connection as a notice).
/// </summary>
public sealed class OutcomePlanOnPostgresTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new(DatabaseProvider.Postgres);

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [SkippableFact]
    public async Task TheOutcomeUpdate_PlannedForAnyValuesOnAFreshTable_FindsTheMessageByItsKey()
    {
        var accountId = (await _database.AddAccountsAsync("Shop"))[0];
        var message = Message.Queue(accountId, new SendRequestBuilder().To("user@example.test").BuildValid(), "token001", DateTime.UtcNow);
        await using (var queue = _database.CreateContext())
        {
            queue.Messages.Add(message);
            await queue.SaveChangesAsync();
        }

        await using var db = _database.CreateContext();
        await db.Database.OpenConnectionAsync();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var plans = new List<string>();
        connection.Notice += (_, e) => plans.Add(e.Notice.Detail ?? e.Notice.MessageText);
        await db.Database.ExecuteSqlRawAsync(
            "LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_level = notice; SET plan_cache_mode = force_generic_plan");

        message.MarkDelivered("250 2.0.0 Ok", DateTime.UtcNow);
        var settledElsewhere = await OutcomeStatements.SaveAsync(db, [(message, [])], events: null);

        Assert.Empty(settledElsewhere);
        var plan = Assert.Single(plans, p => p.Contains("UPDATE \"Messages\" SET", StringComparison.Ordinal));
        Assert.Contains("Index Scan using \"PK_Messages\"", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("IX_Messages_Status", plan, StringComparison.Ordinal);
        await using var check = _database.CreateContext();
        Assert.Equal(MessageStatus.Delivered, (await check.Messages.SingleAsync()).Status);
    }
}
