using Hangfire;
using Hangfire.Dashboard;
using Hangfire.Storage.SQLite;
using SmartSender.Core.Persistence;
using SmartSender.Web.Auth;

namespace SmartSender.Web.Jobs;

public static class JobsSetup
{
    public const string DashboardPath = "/jobs";

    public static WebApplicationBuilder AddSmartSenderJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var directory = DatabaseProviderSelection.ResolveDataDirectory(database, builder.Environment.ContentRootPath);
        Directory.CreateDirectory(directory);

        builder.Services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseSQLiteStorage(Path.Combine(directory, "hangfire.db"), new SQLiteStorageOptions { QueuePollInterval = jobs.QueuePollInterval }));
        if (jobs.RunServer)
        {
            builder.Services.AddHangfireServer(options => options.WorkerCount = jobs.WorkerCount);
        }

        return builder;
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
        return app;
    }

    private sealed class AdminDashboardAuthorization : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Core.Accounts.Roles.Admin);
    }
}
