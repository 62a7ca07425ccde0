using Hangfire;
using Microsoft.Extensions.Logging;

namespace SmartSender.Core.Domains;

/// <summary>Checks every sending domain's records again; a domain whose SPF or DKIM broke stops sending.</summary>
public class DomainRecheckJob(SendingDomains domains, ILogger<DomainRecheckJob> logger)
{
    public const string Id = "domains-recheck";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        var count = await domains.VerifyAllAsync(ct);
        logger.LogInformation("Re-checked {Count} sending domains", count);
    }

    /// <summary>A cron expression for "every <paramref name="interval"/>", rounded to what cron can say.</summary>
    public static string CronFor(TimeSpan interval) => interval switch
    {
        { TotalDays: >= 1 } => "0 0 * * *",
        { TotalHours: >= 1 } => interval.Hours == 1 ? "0 * * * *" : $"0 */{interval.Hours} * * *",
        _ => $"*/{Math.Max(1, (int)interval.TotalMinutes)} * * * *",
    };
}
