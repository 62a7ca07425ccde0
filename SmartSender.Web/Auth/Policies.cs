namespace SmartSender.Web.Auth;

public static class Policies
{
    /// <summary>Programs calling the HTTP API with <c>Authorization: Bearer &lt;key&gt;</c> of full scope.</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>Sending a message: keys of either scope, full or send-only.</summary>
    public const string ApiKeySend = "ApiKeySend";

    /// <summary>The operator's administrators.</summary>
    public const string Admin = "Admin";
}
