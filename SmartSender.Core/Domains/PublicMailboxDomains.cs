namespace SmartSender.Core.Domains;

/// <summary>
/// Domains of public mailbox providers. Nobody can prove they own them, so they can never be sending domains.
/// Country variants of the big providers (gmx.de, yahoo.co.uk, …) are matched by their first label.
/// </summary>
public static class PublicMailboxDomains
{
    private static readonly HashSet<string> Exact = new(StringComparer.OrdinalIgnoreCase)
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "passport.com",
        "yahoo.com", "ymail.com", "rocketmail.com", "aol.com", "aim.com", "icloud.com", "me.com", "mac.com",
        "mail.ru", "inbox.ru", "list.ru", "bk.ru", "internet.ru", "ya.ru", "rambler.ru",
        "proton.me", "protonmail.com", "protonmail.ch", "pm.me", "tutanota.com", "tutanota.de", "tuta.io", "tuta.com",
        "zoho.com", "zohomail.com", "fastmail.com", "fastmail.fm", "hey.com", "hushmail.com", "mailbox.org", "posteo.de",
        "mail.com", "email.com", "usa.com", "web.de", "t-online.de", "freenet.de", "arcor.de",
        "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "laposte.net", "libero.it", "virgilio.it", "tiscali.it",
        "seznam.cz", "wp.pl", "o2.pl", "interia.pl", "onet.pl", "qq.com", "163.com", "126.com", "yeah.net", "sina.com",
        "naver.com", "daum.net", "hanmail.net", "rediffmail.com", "comcast.net", "att.net", "verizon.net", "sbcglobal.net",
        "bellsouth.net", "cox.net", "charter.net", "btinternet.com", "sky.com", "virginmedia.com", "ntlworld.com",
        "shaw.ca", "rogers.com", "sympatico.ca", "bigpond.com", "optusnet.com.au", "uol.com.br", "bol.com.br", "terra.com.br",
    };

    /// <summary>Providers with a domain per country: gmx.de, gmx.net, yandex.ru, yahoo.co.jp, hotmail.fr, …</summary>
    private static readonly string[] FamilyLabels = ["gmx", "yandex", "yahoo", "hotmail", "outlook", "live", "windowslive", "aol"];

    public static bool IsPublic(string domain)
    {
        var name = domain.TrimEnd('.').ToLowerInvariant();
        for (var candidate = name; candidate.Contains('.'); candidate = candidate[(candidate.IndexOf('.') + 1)..])
        {
            if (Exact.Contains(candidate) || FamilyLabels.Contains(candidate[..candidate.IndexOf('.')]) && IsCountryVariant(candidate))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>gmx.de, yahoo.co.uk: the family label followed only by a public suffix (one or two short labels).</summary>
    private static bool IsCountryVariant(string candidate)
    {
        var rest = candidate[(candidate.IndexOf('.') + 1)..].Split('.');
        return rest.Length switch
        {
            1 => true,
            2 => rest[0] is "co" or "com" or "net" or "org" or "ne" || rest[0].Length <= 3 && rest[1].Length == 2,
            _ => false,
        };
    }
}
