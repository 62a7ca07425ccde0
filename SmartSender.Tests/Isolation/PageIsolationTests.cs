using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Templates;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Isolation;

/// <summary>
/// Every routable page of the dashboard, rendered for a user of another account with the first account's ids in
/// the URL: none shows anything of the first account, and the Admins' pages refuse. The pages are read from the
/// app's assembly, so a new one is covered without a change here.
/// </summary>
[Collection(AppCollection.Name)]
public class PageIsolationTests : IAsyncLifetime
{
    private const string Subject = "Secret receipt 7781";
    private const string TemplateName = "Secret welcome 5512";
    private readonly SmartSenderApp _app = new();
    private Guid[] _ids = [];

    public async Task InitializeAsync()
    {
        var owner = (await _app.CreateAdminAsync()).Id;
        var domain = (await _app.VerifyDomainAsync(owner, "shop.test")).Id;
        using var api = _app.CreateApiClient(await _app.CreateApiKeyAsync(owner));
        var sent = await api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "ann@example.test", subject = Subject, text = "Total: 12.00 EUR" });
        var message = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await _app.Smtp.NextAsync();
        await using var scope = _app.Services.CreateAsyncScope();
        var template = (await scope.ServiceProvider.GetRequiredService<TemplateLibrary>().CreateAsync(owner, TemplateName, new TemplateContent("Hello", null, "Hello {{ name }}"))).Value!.Id;
        _ids = [message, domain, template];
        await _app.CreateCustomerUserAsync("bo@other.test", "Other-Password-1");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AnotherAccountsUser_SeesNothingOfTheAccount_OnAnyPage()
    {
        using var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await BrowserlessSignIn.SignInAsync(browser, "bo@other.test", "Other-Password-1")).StatusCode);
        Assert.Contains("Account name: <strong>Customer ", await browser.GetStringAsync("/account"));
        string[] secrets = [Subject, TemplateName, "ann@example.test", "shop.test", .. _ids.Select(i => i.ToString())];

        var pages = Routes().ToList();
        Assert.Contains("/messages/{Id:guid}", pages);
        var visited = 0;
        foreach (var route in pages.Where(r => r is not "/login" and not "/setup"))
        {
            foreach (var path in Paths(route))
            {
                var response = await browser.GetAsync(path);
                var html = await response.Content.ReadAsStringAsync();
                visited++;
                foreach (var secret in secrets)
                {
                    Assert.False(html.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{path} ({(int)response.StatusCode}) showed '{secret}'");
                }

                if (route.StartsWith("/admin/", StringComparison.Ordinal))
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Forbidden || html.Contains("This page is for the operator's administrators.", StringComparison.Ordinal),
                        $"{path} ({(int)response.StatusCode}) was not refused");
                }
            }
        }

        var export = await browser.GetStringAsync("/export/messages.csv");
        Assert.DoesNotContain(Subject, export);
        Assert.True(visited >= 25, $"only {visited} pages rendered");
    }

    private IEnumerable<string> Paths(string route)
    {
        if (!route.Contains('{'))
        {
            return [route];
        }

        var parameter = route[route.IndexOf('{')..(route.IndexOf('}') + 1)];
        return parameter.EndsWith(":guid}", StringComparison.Ordinal)
            ? _ids.Select(id => route.Replace(parameter, id.ToString()))
            : [route.Replace(parameter, "404")];
    }

    private static IEnumerable<string> Routes() =>
        typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<Microsoft.AspNetCore.Components.RouteAttribute>())
            .Select(r => r.Template)
            .Distinct();
}
