using Hangfire;
using Microsoft.Extensions.Logging;
using SmartSender.Core.Accounts;

namespace SmartSender.Core.Closure;

/// <summary>The daily Hangfire job that purges accounts closed longer than <c>Accounts:ClosureRetention</c>.</summary>
public sealed partial class AccountPurgeJob(AccountPurge purge, ILogger<AccountPurgeJob> logger)
{
    public const string RecurringId = "accounts-purge";

    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(CancellationToken ct)
    {
        foreach (var id in await purge.PurgeDueAsync(ct))
        {
            LogPurged(logger, id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged closed account {AccountId} after its retention period")]
    private static partial void LogPurged(ILogger logger, Guid accountId);
}
