using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Accounts;

public class AccountSettingsTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private AccountSettings _settings = default!;
    private Guid _accountId;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _accountId = (await _database.AddAccountsAsync("Shop"))[0];
        _settings = new AccountSettings(_database.CreateFactory(), new AccountCache(_database.CreateFactory(), Options.Create(new DatabaseOptions())));
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task NewAccount_FormatsInEnUs_AndHasNoPostalAddress()
    {
        Assert.Equal(new SendingSettings("en-US", null), await _settings.GetAsync(_accountId));
    }

    [Fact]
    public async Task Save_KeepsTheCanonicalCultureName_AndTheAddressLines()
    {
        var saved = await _settings.SaveAsync(_accountId, " de-de ", "Shop Ltd\r\n1 Market Street  ");

        Assert.True(saved.Succeeded);
        Assert.Equal(new SendingSettings("de-DE", "Shop Ltd\n1 Market Street"), await _settings.GetAsync(_accountId));
    }

    [Fact]
    public async Task Save_RefusesAnUnknownCultureAndATooLongAddress_AndKeepsWhatWasThere()
    {
        await _settings.SaveAsync(_accountId, "fr-FR", "Boutique");

        var saved = await _settings.SaveAsync(_accountId, "xx-Nowhere", new string('a', AccountSettings.MaxPostalAddressLength + 1));

        Assert.Equal(["culture_unknown", "postal_address_too_long"], saved.Errors.Select(e => e.Code));
        Assert.Equal(new SendingSettings("fr-FR", "Boutique"), await _settings.GetAsync(_accountId));
    }
}
