namespace SmartSender.Web.Auth;

/// <summary>What a signed-in user is told about a page that is not open to them.</summary>
public static class NotAllowed
{
    public const string AdminOnly = "This page is for the operator's administrators.";

    public const string RoleTooLow = "Your role in this account does not open this page. An Owner of the account can give you another role.";
}
