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

    public static Error AccountClosed() => new ForbiddenError("account_closed", "The account is closed. Nothing more is sent for it.") { Title = "The account is closed" };

    public static Error AccountNameRequired() => new("account_name_required", "Give the account a name.", "name");

    public static Error AccountNameTooLong(int max) => new("account_name_too_long", $"An account name has at most {max} characters.", "name");

    public static Error OperatorAccountNotClosable() =>
        new ForbiddenError("operator_account", "This is the operator's own account: its administrators run the installation, so it cannot be closed.");

    public static Error AccountNameTaken(string name) => new("account_name_taken", $"An account named {name} already exists.", "name");

    public static Error InvitationUnknown() => new("invitation_unknown", "This invitation link is not valid: it was replaced by a newer one, withdrawn, or mistyped.");

    public static Error InvitationUsed() => new("invitation_used", "This invitation was already accepted: sign in with your email and password.");

    public static Error InvitationExpired(DateTime at) => new("invitation_expired", $"This invitation expired on {at:yyyy-MM-dd HH:mm} UTC; ask for a new one.");

    public static Error PasswordsDiffer() => new("passwords_differ", "The two passwords are not the same.", "confirmation");

    public static Error UserNotFound() => new NotFoundError("user_not_found", "No such user in this account.");

    public static Error LastOwner() => new("last_owner", "An account keeps at least one Owner: make someone else Owner first.");

    public static Error ClosureNotOpen() => new("closure_not_open", "The account is not waiting for a closure decision.");

    public static Error NotClosed() => new("account_not_closed", "The account is not closed.");

    public static Error AlreadyPurged() => new("account_purged", "The account's data was purged after the retention period; it cannot be reopened.");

    public static Error RejectionReasonRequired() => new("rejection_reason_required", "Say why the request is rejected; the Owner reads it.", "reason");

    public static Error ConfirmationUnknown() => new("closure_confirmation_unknown", "This confirmation link is not valid or has expired; send a new request.");
}
