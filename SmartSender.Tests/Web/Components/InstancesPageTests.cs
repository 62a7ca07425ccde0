using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Instances;
using SmartSender.Tests.Fixtures;
using SmartSender.Web.Components.Pages.Admin;

namespace SmartSender.Tests.Web.Components;

/// <summary>The Instances page over heartbeats kept in a real SQLite file.</summary>
public class InstancesPageTests : ComponentTest
{
    private static readonly DateTime Now = new(2026, 12, 5, 12, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _database = new();

    public override async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var clock = new FixedClock(new DateTimeOffset(Now));
        Services.AddSingleton<TimeProvider>(clock);
        Services.AddSingleton(new InstanceDirectory(_database.CreateFactory(), clock));
    }

    protected override Task DisposeTestAsync() => _database.DisposeAsync();

    [Fact]
    public void NoHeartbeat_SaysWhenTheFirstComes()
    {
        SignIn(Guid.NewGuid(), Core.Accounts.Roles.Admin);

        var cut = Render<Instances>();

        cut.WaitForAssertion(() => Assert.Contains("No heartbeat yet", cut.Find("[data-testid=instances-empty]").TextContent));
    }

    [Fact]
    public async Task AliveAndGoneInstances_ShowTheirRolesAndWhatTheyDelivered()
    {
        await using (var db = _database.CreateContext())
        {
            db.Instances.Add(new InstanceRecord { Name = "mail-1", Roles = "Api, Delivery", StartedAt = Now.AddHours(-2), LastSeenAt = Now.AddSeconds(-4), DeliveredLastMinute = 1_250, Activity = "delivering, 80 messages held" });
            db.Instances.Add(new InstanceRecord { Name = "mail-2", Roles = "Delivery", StartedAt = Now.AddHours(-3), LastSeenAt = Now.AddMinutes(-5) });
            db.Instances.Add(new InstanceRecord { Name = "mail-old", Roles = "Delivery", StartedAt = Now.AddDays(-9), LastSeenAt = Now.AddDays(-8) });
            await db.SaveChangesAsync();
        }

        SignIn(Guid.NewGuid(), Core.Accounts.Roles.Admin);

        var cut = Render<Instances>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=instance]").Count));
        var alive = cut.Find("[data-instance=mail-1]");
        Assert.Equal("Alive", alive.QuerySelector("[data-testid=instance-state]")!.TextContent.Trim());
        Assert.Equal("1,250", alive.QuerySelector("[data-testid=instance-delivered]")!.TextContent);
        Assert.Contains("delivering, 80 messages held", alive.TextContent);
        Assert.Contains("4 s ago", alive.TextContent);
        var gone = cut.Find("[data-instance=mail-2]");
        Assert.Equal("Gone", gone.QuerySelector("[data-testid=instance-state]")!.TextContent.Trim());
        Assert.Contains("5 min ago", gone.TextContent);
    }
}
