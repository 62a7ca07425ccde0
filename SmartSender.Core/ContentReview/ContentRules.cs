using System.Text.RegularExpressions;

namespace SmartSender.Core.ContentReview;

/// <summary>The lists the rules match against: link shorteners, top-level domains abused far more than used, spam phrases, dangerous file types, brands often imitated.</summary>
internal static class ContentRules
{
    public static readonly HashSet<string> Shorteners = new(StringComparer.OrdinalIgnoreCase)
    {
        "bit.ly", "tinyurl.com", "goo.gl", "t.co", "ow.ly", "is.gd", "buff.ly", "rebrand.ly", "cutt.ly", "shorturl.at",
        "tiny.cc", "rb.gy", "t.ly", "s.id", "v.gd", "bl.ink", "shorte.st", "adf.ly",
    };

    public static readonly HashSet<string> BadTlds = new(StringComparer.OrdinalIgnoreCase)
    {
        "zip", "mov", "top", "click", "gq", "tk", "ml", "cf", "ga", "work", "loan", "country", "kim", "men", "rest", "su", "icu", "cam", "buzz",
    };

    public static readonly string[] SpamPhrases =
    [
        "act now", "100% free", "risk-free", "risk free", "you are a winner", "you have been selected", "click here now",
        "limited time offer", "cash bonus", "no credit check", "viagra", "cialis", "double your money", "work from home",
        "earn money fast", "congratulations, you", "claim your prize", "wire transfer", "verify your account",
        "your account has been suspended", "urgent response", "100% guaranteed", "free gift", "lowest price", "miracle",
        "no strings attached", "once in a lifetime", "unclaimed", "crypto giveaway", "bitcoin giveaway", "million dollars",
    ];

    public static readonly HashSet<string> DangerousExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "exe", "scr", "bat", "cmd", "com", "pif", "js", "jse", "vbs", "vbe", "wsf", "wsh", "hta", "msi", "jar", "ps1", "lnk",
        "iso", "img", "docm", "xlsm", "pptm", "cpl", "reg",
    };

    /// <summary>Brand names and the domain labels their real mail comes from.</summary>
    public static readonly (string Brand, string[] Domains)[] Brands =
    [
        ("PayPal", ["paypal"]), ("Apple", ["apple", "icloud"]), ("Microsoft", ["microsoft", "outlook", "office", "live"]),
        ("Amazon", ["amazon"]), ("Google", ["google", "gmail"]), ("Netflix", ["netflix"]), ("DHL", ["dhl"]),
        ("FedEx", ["fedex"]), ("UPS", ["ups"]), ("Chase", ["chase"]), ("Wells Fargo", ["wellsfargo"]),
        ("Bank of America", ["bankofamerica", "bofa"]), ("Facebook", ["facebook", "meta", "facebookmail"]),
        ("Instagram", ["instagram"]), ("DocuSign", ["docusign"]), ("Coinbase", ["coinbase"]),
    ];

    /// <summary>Each brand as a whole word in a display name, compiled once.</summary>
    public static readonly (string Brand, Regex Pattern, string[] Domains)[] BrandPatterns =
        [.. Brands.Select(b => (b.Brand, new Regex($@"\b{Regex.Escape(b.Brand)}\b", RegexOptions.IgnoreCase | RegexOptions.Compiled), b.Domains))];
}

/// <summary>Compiled patterns for reading HTML without building a document: fast enough for every message.</summary>
internal static partial class ContentPatterns
{
    [GeneratedRegex("""<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')[^>]*>(.*?)</a\s*>""", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    public static partial Regex Link();

    [GeneratedRegex("""<img\b""", RegexOptions.IgnoreCase)]
    public static partial Regex Image();

    [GeneratedRegex("""<(script|style|head)\b.*?</\1\s*>""", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    public static partial Regex Invisible();

    [GeneratedRegex("""<[^>]*>""")]
    public static partial Regex Tag();

    [GeneratedRegex("""&[a-zA-Z#0-9]+;""")]
    public static partial Regex Entity();

    [GeneratedRegex("""\s+""")]
    public static partial Regex Space();

    /// <summary>Link text that names a web address: "www.bank.com", "https://bank.com/login", "bank.com".</summary>
    [GeneratedRegex("""^\s*(?:https?://)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})(?:[/:?#]\S*)?\s*$""", RegexOptions.IgnoreCase)]
    public static partial Regex AddressText();
}
