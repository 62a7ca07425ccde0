using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;
using SmartSender.Core.Retention;

namespace SmartSender.Core.Accounts;

/// <summary>What an account sets for its mail: the culture templates format with, and the postal address of marketing footers.</summary>
public sealed record SendingSettings(string Culture, string? PostalAddress)
{
    /// <summary>What the account's mail tracks; see <see cref="TrackingSettings"/>.</summary>
    public TrackingSettings Tracking { get; init; } = TrackingSettings.Default;

    /// <summary>Days message content is kept; null is the operator's default (<c>Retention:ContentDays</c>).</summary>
    public int? ContentRetentionDays { get; init; }

    public static readonly SendingSettings Default = new(Account.DefaultCulture, null);

    public CultureInfo CultureInfo => CultureInfo.GetCultureInfo(Culture);
}

public class AccountSettings(IDbContextFactory<SmartSenderDbContext> contexts, AccountCache accounts)
{
    public const int MaxPostalAddressLength = 500;

    public async Task<SendingSettings> GetAsync(Guid accountId, CancellationToken ct = default) =>
        await accounts.FindAsync(accountId, ct) is { } account
            ? new SendingSettings(account.Culture, account.PostalAddress) { Tracking = account.Tracking, ContentRetentionDays = account.ContentRetentionDays }
            : SendingSettings.Default;

    public async Task<Result<SendingSettings>> SaveAsync(Guid accountId, string? culture, string? postalAddress, CancellationToken ct = default)
    {
        culture = string.IsNullOrWhiteSpace(culture) ? Account.DefaultCulture : culture.Trim();
        postalAddress = string.IsNullOrWhiteSpace(postalAddress) ? null : postalAddress.Trim().ReplaceLineEndings("\n");
        var errors = new List<Error>();
        if (!IsKnownCulture(culture))
        {
            errors.Add(AccountErrors.CultureUnknown(culture));
        }

        if (postalAddress?.Length > MaxPostalAddressLength)
        {
            errors.Add(AccountErrors.PostalAddressTooLong(MaxPostalAddressLength));
        }

        if (errors.Count > 0)
        {
            return Result<SendingSettings>.Failure(errors);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return AccountErrors.AccountNotFound(accountId.ToString());
        }

        account.ChangeSendingSettings(CultureInfo.GetCultureInfo(culture).Name, postalAddress);
        await db.SaveChangesAsync(ct);
        return Result<SendingSettings>.Success(new SendingSettings(account.Culture, account.PostalAddress) { Tracking = account.Tracking });
    }

    public async Task<Result<TrackingSettings>> SaveTrackingAsync(Guid accountId, TrackingSettings tracking, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return AccountErrors.AccountNotFound(accountId.ToString());
        }

        account.ChangeTracking(tracking);
        await db.SaveChangesAsync(ct);
        return Result<TrackingSettings>.Success(account.Tracking);
    }

    /// <summary>How many days the account's message content is kept; null returns to the operator's default.</summary>
    public async Task<Result<int?>> SaveContentRetentionAsync(Guid accountId, int? days, CancellationToken ct = default)
    {
        if (days is < 1 or > Retention.RetentionOptions.MaxDays)
        {
            return new UnprocessableError("retention_out_of_range", $"Content is kept from 1 to {Retention.RetentionOptions.MaxDays} days.", "content_retention_days");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return AccountErrors.AccountNotFound(accountId.ToString());
        }

        account.ChangeContentRetention(days);
        await db.SaveChangesAsync(ct);
        return Result<int?>.Success(account.ContentRetentionDays);
    }

    /// <summary>Specific cultures only (en-US, not en), the ones the platform actually knows.</summary>
    public static IReadOnlyList<CultureInfo> KnownCultures { get; } =
        [.. CultureInfo.GetCultures(CultureTypes.SpecificCultures).Where(c => c.Name.Length > 0).OrderBy(c => c.Name, StringComparer.Ordinal)];

    private static bool IsKnownCulture(string name) => KnownCultures.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}
