namespace SmartSender.Core.Common;

/// <summary>What a user may do within their account. The operator's Admins are Owners of the operator's account and have the Admin role besides.</summary>
public enum AccountRole
{
    /// <summary>Everything, including users, the audit log and closing the account.</summary>
    Owner,

    /// <summary>Templates, domains, API keys, webhooks, suppressions and sending.</summary>
    Developer,

    /// <summary>Reads everything of the account and changes nothing.</summary>
    Viewer,
}

public static class AccountRoles
{
    /// <summary>May change the account's sending setup: templates, domains, keys, webhooks, suppressions, messages.</summary>
    public static bool CanEdit(this AccountRole role) => role is AccountRole.Owner or AccountRole.Developer;

    /// <summary>What the role is for, in the words the Users card shows.</summary>
    public static string Describe(this AccountRole role) => role switch
    {
        AccountRole.Owner => "Everything, including users, the audit log and closing the account",
        AccountRole.Developer => "Templates, domains, API keys, webhooks and sending",
        _ => "Reads everything, changes nothing",
    };
}
