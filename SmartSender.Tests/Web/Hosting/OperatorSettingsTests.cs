using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartSender.Core.Delivery;
using SmartSender.Core.Domains;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Hosting;

[Collection(AppCollection.Name)]
public class OperatorSettingsTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void RootAppsettings_IsLoaded_AndLaterSourcesReplaceListEntries()
    {
        var delivery = _app.Services.GetRequiredService<IOptions<DeliveryOptions>>().Value;
        var domains = _app.Services.GetRequiredService<IOptions<DomainsOptions>>().Value;

        // Five delays come from the repository's appsettings.json; the test host replaced the first.
        Assert.Equal([TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6)], delivery.RetryDelays);
        Assert.Equal([SmartSenderApp.SendingIp], domains.SendingIps);
        Assert.Equal("ss1", domains.DefaultSelector);
    }
}
