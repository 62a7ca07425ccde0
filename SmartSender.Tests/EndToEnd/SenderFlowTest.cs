using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.EndToEnd;

/// <summary>
/// The set-up most browser flows share: the app listening on a loopback port, an admin account with an API key and
/// <c>shop.test</c> verified, and Chromium on the app. A flow overrides <see cref="Configure"/> for its settings.
/// </summary>
public abstract class SenderFlowTest : IAsyncLifetime
{
    /// <summary>A desktop browser's user agent, where the app must not take the headless browser for a machine.</summary>
    protected const string DesktopChrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    protected SmartSenderApp App { get; } = new(kestrel: true);

    protected Uri Address { get; private set; } = default!;

    protected Guid AccountId { get; private set; }

    protected HttpClient Api { get; private set; } = default!;

    protected BrowserSession Browser { get; private set; } = default!;

    protected DashboardPage Ui => Browser.Ui;

    /// <summary>The browser's user agent; null for headless Chromium's own.</summary>
    protected virtual string? UserAgent => null;

    /// <summary>Whether the account's <c>shop.test</c> is verified before the flow begins.</summary>
    protected virtual bool WithSendingDomain => true;

    public async Task InitializeAsync()
    {
        Configure(App);
        Address = App.StartKestrel();
        AccountId = (await App.CreateAdminAsync()).Id;
        if (WithSendingDomain)
        {
            await App.VerifyDomainAsync(AccountId, "shop.test");
        }

        Api = App.CreateApiClient(await App.CreateApiKeyAsync(AccountId));
        Browser = await BrowserSession.OpenAsync(Address, UserAgent);
    }

    public virtual async Task DisposeAsync()
    {
        Api.Dispose();
        await Browser.DisposeAsync();
        await App.DisposeAsync();
    }

    /// <summary>Settings or replaced services, before the app starts.</summary>
    protected virtual void Configure(SmartSenderApp app)
    {
    }
}
