using System.Security.Cryptography;
using System.Text;

namespace SmartSender.Core.Common;

/// <summary>
/// A secret that travels in a link (an invitation, a confirmation, an export): 256 random bits in base64url. Only
/// its SHA-256 is stored, so the database alone never opens the link.
/// </summary>
public static class SecretToken
{
    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool LooksValid(string? token) => token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
