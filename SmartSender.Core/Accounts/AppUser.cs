using Microsoft.AspNetCore.Identity;

namespace SmartSender.Core.Accounts;

/// <summary>A person who signs in to the dashboard. Belongs to one account, with one role in it.</summary>
public class AppUser : IdentityUser
{
    public Guid AccountId { get; set; }

    public Account? Account { get; set; }

    public AccountRole Role { get; set; } = AccountRole.Owner;

    public DateTime? CreatedAt { get; set; }
}
