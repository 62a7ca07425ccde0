using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Delivery.Replies;
using SmartSender.Tests.Fixtures;
using SmartSender.Web.Components.Pages.Admin;

namespace SmartSender.Tests.Web.Components;

/// <summary>The Throttle page over lanes kept in a real SQLite file.</summary>
public class ThrottlePageTests : ComponentTest
{
    private readonly TestDatabase _database = new();
    private readonly FixedClock _clock = new(DateTimeOffset.UtcNow);
    private LaneRegistry _lanes = default!;

    public override async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _lanes = new LaneRegistry(_database.CreateFactory(), Options.Create(new LaneOptions()), _clock);
        Services.AddSingleton(_lanes);
    }

    protected override Task DisposeTestAsync() => _database.DisposeAsync();

    [Fact]
    public void NoLanes_SaysWhenOneAppears()
    {
        SignIn(Guid.NewGuid(), Core.Accounts.Roles.Admin);

        var cut = Render<Throttle>();

        cut.WaitForAssertion(() => Assert.Contains("No lanes yet", cut.Find("[data-testid=lanes-empty]").TextContent));
    }

    [Fact]
    public async Task ThrottledLane_ShowsItsRate_ThePause_AndTheReplyWithItsRule()
    {
        var gmail = new LaneKey("192.0.2.10", "Gmail");
        await _lanes.AcquireAsync(gmail);
        await _lanes.RecordAsync(gmail, ReplyClassifier.Default.Classify(421, "4.7.28 Our system has detected an unusual rate of unsolicited mail"));
        await _lanes.AcquireAsync(new LaneKey("192.0.2.10", "Yahoo"));
        SignIn(Guid.NewGuid(), Core.Accounts.Roles.Admin);

        var cut = Render<Throttle>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=lane]").Count));
        var row = cut.Find("[data-provider=Gmail]");
        Assert.Contains("1,800 / 3,600", row.TextContent);
        Assert.Contains("Paused until", row.TextContent);
        Assert.Contains("4.7.28", row.TextContent);
        Assert.Contains("gmail-rate-limit", row.TextContent);
        Assert.Contains("Sending", cut.Find("[data-provider=Yahoo]").TextContent);
    }

    [Fact]
    public async Task RelayLane_WithTheRelayDefault_ReadsNoLimit()
    {
        await _lanes.AcquireAsync(new LaneKey("relay", "Relay"));
        SignIn(Guid.NewGuid(), Core.Accounts.Roles.Admin);

        var cut = Render<Throttle>();

        cut.WaitForAssertion(() => Assert.Equal("no limit", cut.Find("[data-provider=Relay] [data-testid=lane-rate]").TextContent));
    }
}
