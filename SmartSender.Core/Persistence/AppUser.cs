using Microsoft.AspNetCore.Identity;
using SmartSender.Core.Common;

namespace SmartSender.Core.Persistence;

/// <summary>
/// A person who signs in to the dashboard. Belongs to one account (<see cref="AccountId"/>), with one role in it. The
/// context is built on it (Identity's stores), so it lives here, below the features.
/// </summary>
public class AppUser : IdentityUser
{
    public Guid AccountId { get; set; }

    public AccountRole Role { get; set; } = AccountRole.Owner;

    public DateTime? CreatedAt { get; set; }
}
