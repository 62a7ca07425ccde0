using SmartSender.Core.Users;
namespace SmartSender.Core.Audit;

/// <summary>The actions the audit log records, by the names it stores.</summary>
public static class AuditActions
{
    public const string SignedIn = "sign_in";
    public const string SignInFailed = "sign_in.failed";
    public const string SignInLockedOut = "sign_in.locked_out";
    public const string SignInThrottled = "sign_in.throttled";
    public const string SignedOut = "sign_out";
    public const string ApiKeyCreated = "api_key.created";
    public const string ApiKeyRevoked = "api_key.revoked";
    public const string DomainAdded = "domain.added";
    public const string DomainRemoved = "domain.removed";
    public const string TemplateChanged = "template.changed";
    public const string TemplateArchived = "template.archived";
    public const string QuotaSet = "quota.set";
    public const string QuotaCleared = "quota.cleared";
    public const string HeldMailReleased = "held_mail.released";
    public const string ClosureRequested = "closure.requested";
    public const string ClosureCancelled = "closure.cancelled";
    public const string ClosureApproved = "closure.approved";
    public const string ClosureRejected = "closure.rejected";
    public const string AccountReopened = "account.reopened";
    public const string ExportOffered = "account.export_offered";
    public const string AccountPurged = "account.purged";
    public const string AccountCreated = "account.created";
    public const string UserInvited = "user.invited";
    public const string InvitationWithdrawn = "invitation.withdrawn";
    public const string InvitationAccepted = "invitation.accepted";
    public const string UserRoleChanged = "user.role_changed";
    public const string UserRemoved = "user.removed";
    public const string RecipientErased = "recipient.erased";
    public const string ContentRetentionChanged = "account.content_retention_changed";

    /// <summary>Every action with the words the log page shows for it.</summary>
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [SignedIn] = "Signed in",
        [SignInFailed] = "Failed sign-in",
        [SignInLockedOut] = "Sign-in locked out",
        [SignInThrottled] = "Sign-in attempt too soon after failures",
        [SignedOut] = "Signed out",
        [ApiKeyCreated] = "API key created",
        [ApiKeyRevoked] = "API key revoked",
        [DomainAdded] = "Domain added",
        [DomainRemoved] = "Domain removed",
        [TemplateChanged] = "Template changed",
        [TemplateArchived] = "Template archived",
        [QuotaSet] = "Quota set by hand",
        [QuotaCleared] = "Quota back to the level's",
        [HeldMailReleased] = "Held mail released",
        [ClosureRequested] = "Closure requested",
        [ClosureCancelled] = "Closure request cancelled",
        [ClosureApproved] = "Closure approved",
        [ClosureRejected] = "Closure request rejected",
        [AccountReopened] = "Account reopened",
        [ExportOffered] = "New export link sent",
        [AccountPurged] = "Account data purged",
        [AccountCreated] = "Account created",
        [UserInvited] = "User invited",
        [InvitationWithdrawn] = "Invitation withdrawn",
        [InvitationAccepted] = "Invitation accepted",
        [UserRoleChanged] = "User's role changed",
        [UserRemoved] = "User removed",
    };
}
