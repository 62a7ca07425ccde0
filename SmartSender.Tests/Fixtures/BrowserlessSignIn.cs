using System.Text.RegularExpressions;

namespace SmartSender.Tests.Fixtures;

/// <summary>Posts the sign-in and setup forms as a browser without JavaScript would, antiforgery token included.</summary>
public static partial class BrowserlessSignIn
{
    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        PostFormAsync(client, "/login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    public static Task<HttpResponseMessage> SetUpAsync(HttpClient client, string email, string password, string accountName = "Mail Ops") =>
        PostFormAsync(client, "/setup", "setup", new()
        {
            ["Input.Email"] = email, ["Input.AccountName"] = accountName, ["Input.Password"] = password, ["Input.ConfirmPassword"] = password,
        });

    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string formName, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(path);
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, $"No antiforgery token on {path}: {page[..Math.Min(page.Length, 400)]}");
        fields["__RequestVerificationToken"] = token.Groups[1].Value;
        fields["_handler"] = formName;
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
