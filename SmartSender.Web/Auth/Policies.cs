namespace SmartSender.Web.Auth;

public static class Policies
{
    /// <summary>Programs calling the HTTP API with <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>The operator's administrators.</summary>
    public const string Admin = "Admin";
}
