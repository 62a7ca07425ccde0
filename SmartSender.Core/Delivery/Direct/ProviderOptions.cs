namespace SmartSender.Core.Delivery.Direct;

/// <summary>A mailbox provider, recognised by the names of its MX hosts.</summary>
public class ProviderRule
{
    public string Name { get; set; } = "";

    /// <summary>MX host suffixes, e.g. <c>google.com</c> matches <c>gmail-smtp-in.l.google.com</c>.</summary>
    public string[] MxSuffixes { get; set; } = [];
}

/// <summary>The <c>Delivery:Providers</c> section; when it is empty, <see cref="Defaults"/> apply.</summary>
public class ProviderOptions
{
    public const string Section = "Delivery:Providers";

    public static IReadOnlyList<ProviderRule> Defaults { get; } =
    [
        new() { Name = "Gmail", MxSuffixes = ["google.com", "googlemail.com"] },
        new() { Name = "Outlook", MxSuffixes = ["protection.outlook.com", "outlook.com", "hotmail.com"] },
        new() { Name = "Yahoo", MxSuffixes = ["yahoodns.net", "yahoo.com"] },
        new() { Name = "iCloud", MxSuffixes = ["icloud.com", "me.com"] },
        new() { Name = "GMX", MxSuffixes = ["gmx.net", "gmx.com", "web.de"] },
        new() { Name = "Yandex", MxSuffixes = ["yandex.net", "yandex.ru"] },
        new() { Name = "Mail.ru", MxSuffixes = ["mail.ru"] },
        new() { Name = "Zoho", MxSuffixes = ["zoho.com", "zoho.eu"] },
        new() { Name = "Proton", MxSuffixes = ["protonmail.ch"] },
        new() { Name = "Fastmail", MxSuffixes = ["messagingengine.com"] },
    ];
}
