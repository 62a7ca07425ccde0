using Microsoft.AspNetCore.Identity;

namespace SmartSender.Core.Accounts;

/// <summary>A person who signs in to the dashboard. Belongs to one account.</summary>
public class AppUser : IdentityUser
{
    public Guid AccountId { get; set; }

    public Account? Account { get; set; }
}
