using System.ComponentModel.DataAnnotations;

namespace SmartSender.Web.Jobs;

/// <summary>The <c>Jobs</c> section of appsettings.json: the Hangfire queue that delivery runs on.</summary>
public class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>How often an idle worker looks for new jobs; the storage's own default (15 s) is far too slow for mail.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 200)]
    public int WorkerCount { get; set; } = 10;

}
