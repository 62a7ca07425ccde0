using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Users;

namespace SmartSender.Core.Accounts;

/// <summary>Creates the operator's administrators: the first one from the setup page, others from the command line.</summary>
public class Administrators(SmartSenderDbContext db, UserManager<AppUser> users, RoleManager<IdentityRole> roles, TimeProvider clock)
{
    /// <summary>True once any user exists; from then on the setup page is gone for good.</summary>
    public Task<bool> IsSetupCompleteAsync(CancellationToken ct = default) => db.Users.AnyAsync(ct);

    /// <summary>Creates the first administrator and the operator's account with the name given, and only while no user exists.</summary>
    public async Task<Result<AppUser>> CreateFirstAsync(string email, string password, string? accountName = null, CancellationToken ct = default)
    {
        if (await IsSetupCompleteAsync(ct))
        {
            return AccountErrors.SetupAlreadyDone();
        }

        return await CreateAsync(email, password, accountName, ct);
    }

    /// <summary>
    /// Creates an administrator in the operator's account, creating that account when it is missing, named
    /// <paramref name="accountName"/> (or <see cref="Account.DefaultOperatorAccountName"/>); an existing one keeps its name.
    /// </summary>
    public async Task<Result<AppUser>> CreateAsync(string email, string password, string? accountName = null, CancellationToken ct = default)
    {
        email = email.Trim();
        if (!Addresses.IsValidMailbox(email))
        {
            return AccountErrors.EmailInvalid();
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            return AccountErrors.EmailTaken(email);
        }

        var account = await db.Accounts.FirstOrDefaultAsync(a => a.IsOperator, ct);
        if (account is null)
        {
            var name = string.IsNullOrWhiteSpace(accountName) ? Account.DefaultOperatorAccountName : accountName.Trim();
            if (name.Length > AccountRegistry.MaxNameLength)
            {
                return AccountErrors.AccountNameTooLong(AccountRegistry.MaxNameLength);
            }

            if (await db.Accounts.AnyAsync(a => a.Name == name, ct))
            {
                return AccountErrors.AccountNameTaken(name);
            }

            account = Account.ForOperator(name, clock.GetUtcNow().UtcDateTime);
            db.Accounts.Add(account);
            await db.SaveChangesAsync(ct);
        }

        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, AccountId = account.Id, CreatedAt = clock.GetUtcNow().UtcDateTime };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return Result<AppUser>.Failure([.. created.Errors.Select(e => AccountErrors.Identity(e.Code, e.Description))]);
        }

        if (!await roles.RoleExistsAsync(Roles.Admin))
        {
            await roles.CreateAsync(new IdentityRole(Roles.Admin));
        }

        await users.AddToRoleAsync(user, Roles.Admin);
        return Result<AppUser>.Success(user);
    }
}
