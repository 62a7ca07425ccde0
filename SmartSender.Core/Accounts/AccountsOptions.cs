using System.ComponentModel.DataAnnotations;

namespace SmartSender.Core.Accounts;

/// <summary>The <c>Accounts</c> section of appsettings.json: invitations, the support address and closure.</summary>
public class AccountsOptions
{
    public const string Section = "Accounts";

    /// <summary>
    /// The From of the mail SmartSender sends about accounts (invitations, closure confirmations, export links), e.g.
    /// <c>SmartSender &lt;no-reply@mail.example.com&gt;</c>. It leaves like any other mail, so its domain must be a verified
    /// sending domain of the operator's account. Unset, no such mail is sent and the dashboard shows the links instead.
    /// </summary>
    public string? SystemSender { get; set; }

    /// <summary>The dashboard's address as users reach it, for the links in that mail.</summary>
    [Required, Url]
    public string DashboardUrl { get; set; } = "http://localhost:5080";

    /// <summary>Mail from an Owner's registered address to this address (through the inbound SMTP listener) asks to close their account.</summary>
    public string? SupportAddress { get; set; }

    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long the link to confirm a closure asked for by email works.</summary>
    public TimeSpan ClosureConfirmationLifetime { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How long the export link sent when a closure is approved works.</summary>
    public TimeSpan ExportLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a closed account's data is kept (and the account can be reopened) before the purge.</summary>
    public TimeSpan ClosureRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often an open dashboard page checks that its user may still be signed in (not removed, same role, account open).</summary>
    public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    public string Link(string path) => DashboardUrl.TrimEnd('/') + path;
}
