using SmartSender.Core.Common;

namespace SmartSender.Core.Domains;

public static class DomainErrors
{
    public static Error NameRequired() => new("domain_required", "Enter the domain you send from, e.g. example.com.", "name");

    public static Error NotADomainName(string input) =>
        new("domain_invalid", $"'{input}' is not a domain name. Enter only the domain, e.g. example.com or mail.example.com, without @, http:// or a path.", "name");

    public static Error PublicMailboxDomain(string name) =>
        new("domain_public_mailbox", $"{name} belongs to a public mailbox provider. Nobody can prove they own it, so it cannot send through SmartSender. Add a domain you own.", "name");

    /// <summary>Only once another account has proved it owns the domain; until then any account may add it.</summary>
    public static Error VerifiedElsewhere(string name) =>
        new ConflictError("domain_taken", $"{name} is verified elsewhere on this installation. If it is yours, write to support to have it moved to your account.", "name") { Title = "The domain is already taken" };

    public const string VerifiedElsewhereHint =
        "Another account on this installation proved it owns this domain first. If it is yours, write to support to have it moved to your account.";

    public static Error AlreadyAdded(string name) => new ConflictError("domain_exists", $"{name} is already one of your sending domains.", "name") { Title = "The domain is already taken" };

    public static Error SelectorInvalid(string selector) =>
        new("selector_invalid", $"'{selector}' is not a valid DKIM selector: use letters, digits and hyphens, e.g. ss1.", "selector");

    public static Error NotFound() => new NotFoundError("domain_not_found", "No such sending domain in this account.");
}
