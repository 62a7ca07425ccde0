using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;
using SmartSender.Core.Accounts;
using SmartSender.Core.Persistence;
using SmartSender.Web.Api;
using SmartSender.Web.Auth;
using SmartSender.Web.Jobs;

namespace SmartSender.Web.Hosting;

public static class WebServices
{
    public static WebApplicationBuilder AddSmartSenderWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();

        new IdentityBuilder(typeof(AppUser), typeof(IdentityRole), services)
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AccountClaimsPrincipalFactory>();
        services.AddSmartSenderAuthentication();

        // Sign-in cookies outlive a restart because the keys that protect them are kept beside the data.
        services.AddDataProtection()
            .SetApplicationName("SmartSender")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(DataDirectory(builder), "keys")));

        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddSingleton<SetupState>();
        builder.AddSmartSenderJobs();
        return builder;
    }

    private static string DataDirectory(WebApplicationBuilder builder)
    {
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        return DatabaseProviderSelection.ResolveDataDirectory(database, builder.Environment.ContentRootPath);
    }
}
