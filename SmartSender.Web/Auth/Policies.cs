namespace SmartSender.Web.Auth;

public static class Policies
{
    /// <summary>Programs calling the HTTP API with <c>Authorization: Bearer &lt;key&gt;</c> of full scope.</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>Sending a message: keys of either scope, full or send-only.</summary>
    public const string ApiKeySend = "ApiKeySend";

    /// <summary>An account's Owners: users, the audit log, closing the account.</summary>
    public const string Owner = "Owner";

    /// <summary>Owners and Developers: changing templates, domains, keys, webhooks, suppressions and settings, and sending.</summary>
    public const string Editor = "Editor";

    /// <summary>The operator's administrators.</summary>
    public const string Admin = "Admin";
}
