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
}
