using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Accounts;

/// <summary>Finds accounts by the name or id an operator types.</summary>
public class AccountDirectory(SmartSenderDbContext db)
{
    public async Task<Result<Account>> FindAsync(string nameOrId, CancellationToken ct = default)
    {
        var key = nameOrId.Trim();
        var account = Guid.TryParse(key, out var id)
            ? await db.Accounts.FirstOrDefaultAsync(a => a.Id == id, ct)
            : await db.Accounts.FirstOrDefaultAsync(a => a.Name == key, ct);
        return account is null ? AccountErrors.AccountNotFound(key) : Result<Account>.Success(account);
    }

    public Task<Account?> GetAsync(Guid id, CancellationToken ct = default) =>
        db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
}
