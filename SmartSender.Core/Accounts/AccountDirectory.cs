using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Accounts;

/// <summary>Finds accounts by the name or id an operator types.</summary>
public class AccountDirectory(IDbContextFactory<SmartSenderDbContext> contexts)
{
    public async Task<Result<Account>> FindAsync(string nameOrId, CancellationToken ct = default)
    {
        var key = nameOrId.Trim();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = Guid.TryParse(key, out var id)
            ? await db.Accounts.FirstOrDefaultAsync(a => a.Id == id, ct)
            : await db.Accounts.FirstOrDefaultAsync(a => a.Name == key, ct);
        return account is null ? AccountErrors.AccountNotFound(key) : Result<Account>.Success(account);
    }

    public async Task<Account?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
    }

    public async Task<List<Account>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Accounts.AsNoTracking().OrderBy(a => a.Name).ToListAsync(ct);
    }
}
