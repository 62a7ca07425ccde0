using Microsoft.Extensions.DependencyInjection;
using SmartSender.Tests.Fixtures;
using SmartSender.Web.Submission;

namespace SmartSender.Tests.Submission;

/// <summary>
/// An app with its SMTP submission listener on, the operator's account with <c>shop.test</c> verified and a full key;
/// a test class adds its settings in <see cref="Configure"/> before the app starts.
/// </summary>
public abstract class SubmissionTestBase : IAsyncLifetime
{
    protected SmartSenderApp App { get; } = new() { WithSubmission = true };

    protected Guid AccountId { get; private set; }

    protected string Key { get; private set; } = "";

    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    public async Task InitializeAsync()
    {
        Configure(App.Settings);
        AccountId = (await App.CreateAdminAsync()).Id;
        await App.VerifyDomainAsync(AccountId, "shop.test");
        Key = await App.CreateApiKeyAsync(AccountId);
        await App.Services.GetRequiredService<SubmissionSmtpListener>().Started;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
