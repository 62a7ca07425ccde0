using System.Security.Cryptography;

namespace SmartSender.Core.Messages;

/// <summary>A message's public name in links (unsubscribe, tracking): 128 random bits, so one cannot be guessed from another.</summary>
public static class MessageToken
{
    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(16));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
