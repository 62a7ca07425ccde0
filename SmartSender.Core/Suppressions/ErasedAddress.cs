using System.Security.Cryptography;
using System.Text;

namespace SmartSender.Core.Suppressions;

/// <summary>
/// What an erased recipient's address becomes (GDPR erasure): a hash of the account and the address, so the address
/// cannot be read back, while a suppression kept under it still matches that address on the account's next send.
/// </summary>
public static class ErasedAddress
{
    public const string Prefix = "erased:";

    public static string Of(Guid accountId, string address) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{accountId:N}:{Suppression.Normalize(address)}")));

    public static bool IsErased(string address) => address.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>How a page shows an address: an erased one as a short, readable mark instead of its 71 characters.</summary>
    public static string Display(string address) =>
        IsErased(address) ? $"erased recipient ({address[Prefix.Length..Math.Min(address.Length, Prefix.Length + 8)]}…)" : address;
}
