using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;
using SmartSender.Core.Closure;
using SmartSender.Core.Delivery.Pump;
using SmartSender.Core.Domains;
using SmartSender.Core.Retention;
using SmartSender.Web.Auth;
using SmartSender.Web.Hosting;

namespace SmartSender.Web.Jobs;

public static class JobsSetup
{
    public const string DashboardPath = "/jobs";

    /// <summary>How often the job server says it is alive; readiness counts four missed beats as stopped.</summary>
    public static readonly TimeSpan ServerHeartbeat = TimeSpan.FromSeconds(5);

    public static WebApplicationBuilder AddSmartSenderJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<BackupOptions>().BindConfiguration(BackupOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddTransient<ScheduledBackupJob>();

        // Options are read when the services are built, so configuration added late (tests, hosting) still counts.
        builder.Services.AddHangfire((sp, config) =>
        {
            var jobs = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            var database = sp.GetRequiredService<IOptions<SmartSender.Core.Persistence.DatabaseOptions>>().Value;
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();

            // Hangfire keeps its queue beside the app's data: a file of its own beside SQLite's, or the same PostgreSQL
            // server (schema "hangfire"), where every instance sees the same jobs.
            if (database.Provider == SmartSender.Core.Persistence.DatabaseProvider.Postgres)
            {
                config.UsePostgreSqlStorage(
                    o => o.UseNpgsqlConnection(database.ConnectionString),
                    new PostgreSqlStorageOptions { QueuePollInterval = jobs.QueuePollInterval, PrepareSchemaIfNecessary = true });
            }
            else
            {
                config.UseSQLiteStorage(Path.Combine(DataDirectory.Resolve(sp), "hangfire.db"), new SQLiteStorageOptions { QueuePollInterval = jobs.QueuePollInterval });
            }
        });
        builder.Services.AddSingleton(_ => SmartSender.Web.Health.JobsServerName.New());
        builder.Services.AddHangfireServer((sp, options) =>
        {
            var jobs = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            options.WorkerCount = jobs.WorkerCount;
            options.ServerName = sp.GetRequiredService<SmartSender.Web.Health.JobsServerName>().Value;
            options.HeartbeatInterval = ServerHeartbeat;
            if (!sp.GetRequiredService<IOptions<SmartSender.Core.Instances.InstanceOptions>>().Value.Has(SmartSender.Core.Instances.InstanceRole.Jobs))
            {
                // Without the jobs role the server takes no queue's jobs (it only keeps the shared schedule moving).
                options.Queues = [$"not-{SmartSender.Core.Instances.InstanceRole.Jobs.ToString().ToLowerInvariant()}"];
                options.WorkerCount = 1;
            }

            // Delayed jobs (a reputation judgement a few seconds after feedback) are due within five polls of the queue.
            options.SchedulePollingInterval = jobs.QueuePollInterval * 5;
        });
        return builder;
    }

    /// <summary>Jobs that run on a schedule; registering them again on every start keeps their schedule in step with the settings.</summary>
    public static WebApplication ScheduleRecurringJobs(this WebApplication app)
    {
        var interval = app.Services.GetRequiredService<IOptions<DomainsOptions>>().Value.RecheckInterval;
        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        recurring.AddOrUpdate<DomainRecheckJob>(DomainRecheckJob.Id, job => job.RunAsync(CancellationToken.None), DomainRecheckJob.CronFor(interval));

        // The delivery pump was a recurring job before it became each delivery instance's own service.
        recurring.RemoveIfExists("delivery-pump");
        recurring.AddOrUpdate<Core.Closure.AccountPurgeJob>(Core.Closure.AccountPurgeJob.RecurringId, job => job.RunAsync(CancellationToken.None), Cron.Daily(3));
        recurring.AddOrUpdate<Core.Webhooks.WebhookJob>(Core.Webhooks.WebhookJob.RecurringId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<Core.Idempotency.IdempotencyStore>("idempotency-expiry", store => store.DeleteExpiredAsync(CancellationToken.None), Cron.Hourly());
        var reputation = app.Services.GetRequiredService<IOptions<Core.Reputation.ReputationOptions>>().Value.RecomputeInterval;
        ScheduledBackupJob.Schedule(app, recurring);
        recurring.AddOrUpdate<Core.Retention.ContentRetentionJob>(Core.Retention.ContentRetentionJob.RecurringId, job => job.RunAsync(CancellationToken.None), Cron.Hourly(17));
        recurring.AddOrUpdate<Core.Reputation.ReputationJob>(Core.Reputation.ReputationJob.RecurringId, job => job.RunAsync(CancellationToken.None), DomainRecheckJob.CronFor(reputation));
        var blocklists = app.Services.GetRequiredService<IOptions<Core.Blocklists.BlocklistOptions>>().Value;
        recurring.AddOrUpdate<Core.Blocklists.BlocklistChecker>(Core.Blocklists.BlocklistChecker.RecurringId, job => job.RunAsync(CancellationToken.None),
            DomainRecheckJob.CronFor(TimeSpan.FromMinutes(blocklists.CheckEveryMinutes)));
        return app;
    }

    /// <summary>The Hangfire dashboard, for Admins only: anonymous callers go to the login page, others get 403.</summary>
    public static IEndpointRouteBuilder MapJobsDashboard(this IEndpointRouteBuilder app)
    {
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new AdminDashboardAuthorization()],
            DashboardTitle = "SmartSender jobs",
            AppPath = "/",
        }).RequireAuthorization(Policies.Admin);

        // The dashboard's statistics are posted for; Hangfire would fail reading a form from a GET.
        app.MapMethods($"{DashboardPath}/stats", ["GET", "HEAD"], (HttpContext http) =>
        {
            http.Response.Headers.Allow = "POST";
            return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
        }).RequireAuthorization(Policies.Admin).ExcludeFromDescription();
        return app;
    }

    private sealed class AdminDashboardAuthorization : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Core.Accounts.Roles.Admin);
    }
}
