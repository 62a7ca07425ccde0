using System.Text.RegularExpressions;
using MimeKit;
using SmartSender.Core.Accounts;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Accounts;

/// <summary>
/// The app with mail about accounts switched on: the operator's account sends from a verified domain of its own,
/// through the same queue as every message, to the test SMTP sink.
/// </summary>
public static class SystemMailApp
{
    public const string Sender = "SmartSender <no-reply@operator.test>";
    public const string Support = "support@operator.test";

    public static SmartSenderApp Create(bool kestrel = false, TimeSpan? sessionCheck = null)
    {
        var app = new SmartSenderApp(kestrel);
        if (sessionCheck is { } interval)
        {
            app.Settings["Accounts:SessionCheckInterval"] = interval.ToString();
        }

        app.Settings["Accounts:SystemSender"] = Sender;
        app.Settings["Accounts:SupportAddress"] = Support;
        app.Settings["Accounts:DashboardUrl"] = "http://dashboard.test";
        return app;
    }

    /// <summary>Creates the first Admin and verifies the operator's sending domain.</summary>
    public static async Task<Account> PrepareAsync(SmartSenderApp app)
    {
        var operatorAccount = await app.CreateAdminAsync();
        await app.VerifyDomainAsync(operatorAccount.Id, "operator.test");
        return operatorAccount;
    }

    /// <summary>The next mail at the sink to <paramref name="to"/>, skipping any other.</summary>
    public static async Task<MimeMessage> NextMailToAsync(SmartSenderApp app, string to)
    {
        while (true)
        {
            var mail = await app.Smtp.NextAsync();
            if (mail.To.Mailboxes.Any(m => m.Address.Equals(to, StringComparison.OrdinalIgnoreCase)))
            {
                return mail;
            }
        }
    }

    /// <summary>The path of the first dashboard link in the mail's text that starts with <paramref name="prefix"/>.</summary>
    public static string LinkPath(MimeMessage mail, string prefix)
    {
        var match = Regex.Match(mail.TextBody ?? "", "http://dashboard\\.test(" + Regex.Escape(prefix) + "[A-Za-z0-9_-]{43})");
        Assert.True(match.Success, $"No {prefix} link in: {mail.TextBody}");
        return match.Groups[1].Value;
    }
}
