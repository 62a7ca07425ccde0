using SmartSender.Core.Delivery.Lanes;

namespace SmartSender.Tests.Delivery;

/// <summary>Which instance a lane holder hands a lane to: the share is the leased lanes over the delivering instances, rounded up.</summary>
public sealed class LaneSharesTests
{
    [Theory]
    [InlineData("a=2", "a,b", "b")] // two lanes, two instances: one each
    [InlineData("a=3,b=1", "a,b", "b")] // four lanes: a holds more than its share of two
    [InlineData("a=2,b=1", "a,b", null)] // three lanes: a's two are its share
    [InlineData("a=3,b=1", "a,b,c", "c")] // a third instance with none takes one of a's
    [InlineData("a=3,b=2,c=2", "a,b,c", null)] // seven lanes over three: no one holds fewer than the share of three
    [InlineData("a=1", "a,b", null)] // one lane cannot be split
    [InlineData("a=2", "a", null)] // alone
    [InlineData("a=2", "b,c", null)] // a no longer counts as alive: it keeps what it has until its pump stops
    [InlineData("a=3,gone=5", "a,b", "b")] // the leases of an instance that is not alive do not count
    public void TheInstanceALaneGoesTo(string held, string delivering, string? taker)
    {
        var counts = held.Split(',').Select(h => h.Split('=')).ToDictionary(h => h[0], h => int.Parse(h[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(taker, LaneShares.TakerFrom("a", delivering.Split(','), counts));
    }
}
