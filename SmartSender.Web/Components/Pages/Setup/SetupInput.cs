using System.ComponentModel.DataAnnotations;
using SmartSender.Core.Users;

namespace SmartSender.Web.Components.Pages.Setup;

public class SetupInput
{
    [Required(ErrorMessage = "Enter the administrator's email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Name the account your administrators work in, e.g. your company's name.")]
    [MaxLength(Core.Users.AccountRegistry.MaxNameLength, ErrorMessage = "An account name has at most 200 characters.")]
    public string AccountName { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [MinLength(10, ErrorMessage = "The password needs at least 10 characters.")]
    public string Password { get; set; } = "";

    [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
    public string ConfirmPassword { get; set; } = "";
}
