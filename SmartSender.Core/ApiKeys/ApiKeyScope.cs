namespace SmartSender.Core.ApiKeys;

/// <summary>What a key may do.</summary>
public enum ApiKeyScope
{
    /// <summary>Everything the API offers for the account.</summary>
    Full,

    /// <summary>Only send messages (<c>POST /api/v1/messages</c>): the key a web server holds.</summary>
    Send,
}
