using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Users;

/// <summary>A user of an account as the Users card lists them.</summary>
public sealed record AccountUser(string Id, string Email, AccountRole Role, DateTime? CreatedAt);

/// <summary>The users of one account: listed, given another role, removed. An account always keeps one Owner.</summary>
public sealed class AccountUsers(IDbContextFactory<SmartSenderDbContext> contexts, UserManager<AppUser> users)
{
    public async Task<IReadOnlyList<AccountUser>> ListAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().Where(u => u.AccountId == accountId).OrderBy(u => u.Email)
            .Select(u => new AccountUser(u.Id, u.Email ?? "", u.Role, u.CreatedAt)).ToListAsync(ct);
    }

    public async Task<Result<AccountUser>> ChangeRoleAsync(Guid accountId, string userId, AccountRole role, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.AccountId != accountId)
        {
            return AccountErrors.UserNotFound();
        }

        if (user.Role == AccountRole.Owner && role != AccountRole.Owner && await OwnersAsync(accountId, ct) <= 1)
        {
            return AccountErrors.LastOwner();
        }

        user.Role = role;

        // A new stamp ends the user's sessions, so the new role applies at their next sign-in, not in a day.
        await users.UpdateSecurityStampAsync(user);
        return Result<AccountUser>.Success(new AccountUser(user.Id, user.Email ?? "", user.Role, user.CreatedAt));
    }

    public async Task<Result<AccountUser>> RemoveAsync(Guid accountId, string userId, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.AccountId != accountId)
        {
            return AccountErrors.UserNotFound();
        }

        if (user.Role == AccountRole.Owner && await OwnersAsync(accountId, ct) <= 1)
        {
            return AccountErrors.LastOwner();
        }

        var removed = await users.DeleteAsync(user);
        if (!removed.Succeeded)
        {
            return Result<AccountUser>.Failure([.. removed.Errors.Select(e => AccountErrors.Identity(e.Code, e.Description))]);
        }

        return Result<AccountUser>.Success(new AccountUser(user.Id, user.Email ?? "", user.Role, user.CreatedAt));
    }

    private async Task<int> OwnersAsync(Guid accountId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Users.CountAsync(u => u.AccountId == accountId && u.Role == AccountRole.Owner, ct);
    }
}
