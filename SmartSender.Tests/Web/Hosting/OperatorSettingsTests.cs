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

        // Eight delays come from the repository's appsettings.json; the test host replaced the first.
        Assert.Equal(
            [TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(40), TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4), TimeSpan.FromHours(8)],
            delivery.RetryDelays);
        Assert.Equal(TimeSpan.FromDays(3), delivery.MaxAge);
        Assert.Equal([SmartSenderApp.SendingIp], domains.SendingIps);
        Assert.Equal("ss1", domains.DefaultSelector);
    }
}
