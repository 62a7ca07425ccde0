using MimeKit;

namespace SmartSender.Core.Common;

/// <summary>Parsing of the addresses callers give, with MimeKit's RFC 5322 parser.</summary>
public static class Addresses
{
    private static readonly ParserOptions Strict = new()
    {
        AddressParserComplianceMode = RfcComplianceMode.Strict,
        AllowAddressesWithoutDomain = false,
    };

    /// <summary>RFC 5321 §4.5.3.1: a local part of at most 64 octets, a domain of at most 255, a path of at most 256 with its brackets.</summary>
    public const int MaxLocalPart = 64;
    public const int MaxAddress = 254;

    /// <summary>A header line (RFC 5322 §2.1.1) holds the whole value, display name included.</summary>
    public const int MaxValue = 998 - 10;

    /// <summary>One mailbox, optionally with a display name: <c>a@b.example</c> or <c>Ann &lt;a@b.example&gt;</c>.</summary>
    public static bool TryParseMailbox(string value, out MailboxAddress mailbox)
    {
        mailbox = null!;
        if (value.Length > MaxValue || !InternetAddressList.TryParse(Strict, value, out var list) || list.Count != 1 || list[0] is not MailboxAddress parsed)
        {
            return false;
        }

        var at = parsed.Address.LastIndexOf('@');
        var domain = at > 0 ? parsed.Address[(at + 1)..] : "";
        if (domain.Length == 0 || !domain.Contains('.') || domain.StartsWith('.') || domain.EndsWith('.')
            || at > MaxLocalPart || System.Text.Encoding.UTF8.GetByteCount(parsed.Address) > MaxAddress)
        {
            return false;
        }

        mailbox = parsed;
        return true;
    }

    public static bool IsValidMailbox(string value) => TryParseMailbox(value, out _);

    /// <summary>How many addresses a recipient field names; a comma or semicolon separated list counts each.</summary>
    public static int CountAddresses(string value) =>
        InternetAddressList.TryParse(value.Replace(';', ','), out var list) ? list.Mailboxes.Count() : 1;
}
