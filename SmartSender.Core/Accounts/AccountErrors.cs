using SmartSender.Core.Common;

namespace SmartSender.Core.Accounts;

public static class AccountErrors
{
    public static Error SetupAlreadyDone() => new("setup_done", "The first administrator already exists.");

    public static Error AccountNotFound(string account) => new("account_not_found", $"No account is named or numbered '{account}'.", "account");

    public static Error EmailInvalid() => new("email_invalid", "Enter a valid email address.", "email");

    public static Error EmailTaken(string email) => new("email_taken", $"A user with the email {email} already exists.", "email");

    public static Error Identity(string code, string description) => new(code, description, "password");

    public static Error CultureUnknown(string culture) => new("culture_unknown", $"'{culture}' is not a culture SmartSender knows; use a name such as en-US, de-DE or fr-FR.", "culture");

    public static Error PostalAddressTooLong(int max) => new("postal_address_too_long", $"The postal address can be at most {max} characters.", "postal_address");

    public static Error ClosureReasonRequired() => new("closure_reason_required", "Say why the account should be closed; support reads it.", "reason");

    public static Error ClosureReasonTooLong(int max) => new("closure_reason_too_long", $"The reason has at most {max} characters.", "reason");

    public static Error ClosureNameMismatch(string name) => new("closure_name_mismatch", $"Type the account's name, {name}, to confirm.", "confirmation");

    public static Error ClosureAlreadyRequested() => new("closure_already_requested", "Closing this account has already been requested.");

    public static Error ClosureNotRequested() => new("closure_not_requested", "Nobody has asked to close this account.");
}
