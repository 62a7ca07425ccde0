using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SmartSender.Core.Messages;

/// <summary>
/// A message's public name in links (unsubscribe, tracking): 128 random bits, so one cannot be guessed from another,
/// after the creation time in milliseconds, so tokens made together sit together in the token index: an insert then
/// writes the page its neighbours wrote, not a random page of a large index.
/// </summary>
public static class MessageToken
{
    /// <summary>Stands in for a real token in previews, so a preview shows the links a message will have.</summary>
    public const string Preview = "preview";

    public static string New(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[22];
        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, now.ToUnixTimeMilliseconds());
        time[2..].CopyTo(bytes);
        RandomNumberGenerator.Fill(bytes[6..]);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
