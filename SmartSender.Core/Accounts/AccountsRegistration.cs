using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Accounts;

/// <summary>Accounts, their users (ASP.NET Core Identity's stores), settings, and closure.</summary>
public static class AccountsRegistration
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddIdentityCore<AppUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SmartSenderDbContext>();
        services.AddScoped<Administrators>();
        services.AddScoped<AccountDirectory>();
        services.AddOptions<AccountsOptions>().BindConfiguration(AccountsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<Users.Invitations>();
        services.AddScoped<Users.AccountUsers>();
        services.AddScoped<AccountRegistry>();
        services.AddScoped<Closure.AccountExport>();
        services.AddSingleton<Closure.ExportStore>();
        services.AddScoped<Closure.ClosureDecisions>();
        services.AddScoped<Closure.AccountPurge>();
        services.AddScoped<Closure.AccountPurgeJob>();
        services.AddScoped<Closure.ClosureByEmail>();
        services.AddScoped<AccountSettings>();
        services.AddSingleton<AccountCache>();
        services.AddSingleton<AccountClosure>();
        return services;
    }
}
