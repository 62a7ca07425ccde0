using Microsoft.Extensions.Options;
using SmartSender.Core.Delivery.Pump;
using SmartSender.Core.Instances;
using SmartSender.Core.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;
using SmartSender.Core.Accounts;
using SmartSender.Core.Domains;
using SmartSender.Web.Domains;
using SmartSender.Web.Api;
using SmartSender.Web.Auth;
using SmartSender.Web.DevTools;
using SmartSender.Web.Health;
using SmartSender.Web.Telemetry;
using SmartSender.Web.Inbound;
using SmartSender.Web.Jobs;
using SmartSender.Web.Submission;
using SmartSender.Core.Common;

namespace SmartSender.Web.Hosting;

public static class WebServices
{
    public static WebApplicationBuilder AddSmartSenderWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        // Snackbars at the bottom, away from the page's own buttons at the top right that they report on.
        services.AddMudServices(mud => mud.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();

        new IdentityBuilder(typeof(AppUser), typeof(IdentityRole), services)
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AccountClaimsPrincipalFactory>();
        services.AddSmartSenderAuthentication();

        // Sign-in cookies outlive a restart because the keys that protect them are kept beside the data.
        services.AddDataProtection().SetApplicationName("SmartSender");
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider, ILoggerFactory>((options, sp, logs) =>
            // SQLite: files beside the database. PostgreSQL: the database itself, so every instance reads the cookies,
            // DKIM keys and webhook secrets another protected.
            options.XmlRepository = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.Postgres
                ? new Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.EntityFrameworkCoreXmlRepository<SmartSenderDbContext>(sp, logs)
                : new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(DataDirectory.Resolve(sp), "keys")), logs));

        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();

        services.AddProblemDetails();
        services.AddApiInput();
        services.AddForwardedHeadersFromConfiguration(builder.Configuration);
        services.AddApiReference();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddSingleton<SetupState>();
        builder.AddSmartSenderJobs();
        services.AddSmartSenderHealth();
        builder.AddSmartSenderMetrics();
        services.AddSingleton<InboundSmtpListener>();
        RoleGatedService.Add<InboundSmtpListener>(services, InstanceRole.Inbound);
        services.AddSmtpSubmission();
        services.AddSingleton<DeliveryService>();
        RoleGatedService.Add<DeliveryService>(services, InstanceRole.Delivery);
        services.AddHostedService(sp => sp.GetRequiredService<ClusterSignals>());
        services.AddHostedService(sp => sp.GetRequiredService<InstanceHeartbeat>());
        services.AddHostedService<MemoryRelease>();
        builder.AddDevelopmentTools();
        return builder;
    }

}
