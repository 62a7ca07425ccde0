using SmartSender.Core.Common;

namespace SmartSender.Core.ApiKeys;

public static class ApiKeyErrors
{
    public static Error NameRequired() => new("name_required", "Give the key a name, such as the program that will use it.", "name");

    public static Error NameTooLong(int max) => new("name_too_long", $"A key name has at most {max} characters.", "name");

    public static Error DomainNotOwned(string domain) =>
        new("domain_not_owned", $"{domain} is not one of this account's sending domains; a key can only be limited to those.", "domains");

    public static Error NetworkInvalid(string value) =>
        new("network_invalid", $"'{value}' is not an IP address or a CIDR range such as 203.0.113.0/24.", "networks");

    public static Error NotFound() => new NotFoundError("api_key_not_found", "No such API key in this account.");
}
