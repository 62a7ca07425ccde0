using SmartSender.Core.Common;

namespace SmartSender.Core.Suppressions;

public static class SuppressionErrors
{
    public static Error AddressInvalid(string? address) =>
        new("address_invalid", $"'{address}' is not an email address.", "address");

    public static Error NotListed(string address) =>
        new NotFoundError("not_suppressed", $"{address} is not on this account's suppression list.", "address") { Title = "Not on the suppression list" };

    /// <summary>A complaint means the recipient called the mail spam: only the operator may decide to send to them again.</summary>
    public static Error ComplaintNeedsAdmin(string address) =>
        new ForbiddenError("complaint_admin_only", $"{address} reported this account's mail as spam. Only an administrator of the installation can remove a complaint.", "address") { Title = "Only an administrator can remove this" };

    public static Error ReasonRequired() =>
        new("reason_required", "Say why the complaint is removed; the reason is kept with the removal.", "why");
}
