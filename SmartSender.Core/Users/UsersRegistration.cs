using Microsoft.Extensions.DependencyInjection;

namespace SmartSender.Core.Users;

/// <summary>An account's users: invitations and roles, and the accounts administrators create with their first user.</summary>
public static class UsersRegistration
{
    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddScoped<Invitations>();
        services.AddScoped<AccountUsers>();
        services.AddScoped<AccountRegistry>();
        return services;
    }
}
