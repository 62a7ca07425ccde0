namespace SmartSender.Core.ApiKeys;

/// <summary>A new key with its secret, which is shown this once and never stored.</summary>
public record CreatedApiKey(ApiKey Key, string Secret);
