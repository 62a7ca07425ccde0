using System.ComponentModel.DataAnnotations;

namespace SmartSender.Web.Components.Pages.Join;

public class PasswordInput
{
    [Required(ErrorMessage = "Choose a password.")]
    [MinLength(10, ErrorMessage = "The password needs at least 10 characters.")]
    public string Password { get; set; } = "";

    [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
    public string ConfirmPassword { get; set; } = "";
}
