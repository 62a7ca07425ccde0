namespace SmartSender.Core.ApiKeys;

/// <summary>
/// Key format: <c>ss_</c> followed by 43 characters of base64url (256 random bits). A key carries full
/// entropy, so an unsalted SHA-256 is enough to store it and lets a request find its key by hash.
/// </summary>
public static class ApiKeySecret
{
    public const string Scheme = "ss_";
    private const int PrefixLength = 10;

    public static string Generate() => Scheme + Common.SecretToken.Generate();

    public static string Hash(string key) => Common.SecretToken.Hash(key);

    public static string PrefixOf(string key) => key[..Math.Min(PrefixLength, key.Length)];

    public static bool LooksValid(string key) => key.StartsWith(Scheme, StringComparison.Ordinal) && key.Length == Scheme.Length + 43;
}
