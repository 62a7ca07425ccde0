using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Accounts;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Accounts;

public class AdministratorsTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private ServiceProvider _services = default!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _services = _database.CreateServices(s => s.AddScoped<Administrators>());
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task CreateFirst_OnAFreshDatabase_CreatesAnAdminInTheOperatorsAccount_NamedAsGiven()
    {
        await using var scope = _services.CreateAsyncScope();
        var admins = scope.ServiceProvider.GetRequiredService<Administrators>();
        Assert.False(await admins.IsSetupCompleteAsync());

        var created = await admins.CreateFirstAsync("root@operator.test", "Long-enough-1", " Mail Ops ");

        Assert.True(created.Succeeded);
        Assert.True(await admins.IsSetupCompleteAsync());
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.True(await users.IsInRoleAsync(created.Value!, Roles.Admin));
        var account = (await scope.ServiceProvider.GetRequiredService<AccountDirectory>().FindAsync("Mail Ops")).Value;
        Assert.Equal(account?.Id, created.Value!.AccountId);
        Assert.True(account!.IsOperator);
    }

    [Fact]
    public async Task Create_FromTheCommandLine_JoinsTheOperatorsAccount_WhateverItIsNamed()
    {
        await using var scope = _services.CreateAsyncScope();
        var admins = scope.ServiceProvider.GetRequiredService<Administrators>();
        var first = await admins.CreateFirstAsync("root@operator.test", "Long-enough-1", "Mail Ops");

        var second = await admins.CreateAsync("second@operator.test", "Long-enough-1");

        Assert.Equal(first.Value!.AccountId, second.Value!.AccountId);
    }

    [Fact]
    public async Task Create_WithoutAName_NamesTheOperatorsAccountOperator()
    {
        await using var scope = _services.CreateAsyncScope();

        var created = await scope.ServiceProvider.GetRequiredService<Administrators>().CreateAsync("root@operator.test", "Long-enough-1");

        var account = await scope.ServiceProvider.GetRequiredService<AccountDirectory>().GetAsync(created.Value!.AccountId);
        Assert.Equal((Account.DefaultOperatorAccountName, true), (account!.Name, account.IsOperator));
    }

    [Fact]
    public async Task CreateFirst_WhenAUserExists_IsRefused()
    {
        await using var scope = _services.CreateAsyncScope();
        var admins = scope.ServiceProvider.GetRequiredService<Administrators>();
        await admins.CreateFirstAsync("root@operator.test", "Long-enough-1");

        var second = await admins.CreateFirstAsync("intruder@evil.test", "Long-enough-1");

        Assert.Equal("setup_done", Assert.Single(second.Errors).Code);
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync("intruder@evil.test"));
    }

    [Fact]
    public async Task Create_WithAWeakPassword_ReportsIdentitysReasons()
    {
        await using var scope = _services.CreateAsyncScope();

        var created = await scope.ServiceProvider.GetRequiredService<Administrators>().CreateAsync("root@operator.test", "short");

        Assert.False(created.Succeeded);
        Assert.Contains(created.Errors, e => e.Code == "PasswordTooShort");
    }

    [Fact]
    public async Task Create_SameEmailTwice_IsRefused()
    {
        await using var scope = _services.CreateAsyncScope();
        var admins = scope.ServiceProvider.GetRequiredService<Administrators>();
        await admins.CreateAsync("root@operator.test", "Long-enough-1");

        var again = await admins.CreateAsync("root@operator.test", "Long-enough-1");

        Assert.Equal("email_taken", Assert.Single(again.Errors).Code);
    }
}
