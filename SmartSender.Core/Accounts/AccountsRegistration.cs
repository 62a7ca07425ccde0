using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartSender.Core.Closure;
using SmartSender.Core.Persistence;
using SmartSender.Core.Users;

namespace SmartSender.Core.Accounts;

/// <summary>Accounts, their users' sign-in (ASP.NET Core Identity's stores), and settings.</summary>
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
        services.AddScoped<AccountSettings>();
        services.AddSingleton<AccountCache>();
        return services;
    }
}
