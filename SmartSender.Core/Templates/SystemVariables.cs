namespace SmartSender.Core.Templates;

/// <summary>
/// Variables SmartSender gives every template itself, per message: <c>unsubscribe_url</c> and <c>postal_address</c>.
/// A caller cannot set them, and a template never needs them from the caller.
/// </summary>
public static class SystemVariables
{
    public const string UnsubscribeUrl = "unsubscribe_url";
    public const string PostalAddress = "postal_address";

    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal) { UnsubscribeUrl, PostalAddress };

    public static IReadOnlyDictionary<string, object?> For(string unsubscribeUrl, string? postalAddress) =>
        new Dictionary<string, object?>(StringComparer.Ordinal) { [UnsubscribeUrl] = unsubscribeUrl, [PostalAddress] = postalAddress ?? "" };
}
