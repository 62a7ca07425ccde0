using SmartSender.Core.Delivery.Lanes;

namespace SmartSender.Tests.Delivery;

/// <summary>
/// Which instance a lane holder hands the lane it renews to: the delivering instance with the least mail, if the lane
/// moved there still leaves it below the holder's load now.
/// </summary>
public sealed class LaneSharesTests
{
    [Theory]
    [InlineData("a=2", 1, "a,b", "b")] // two lanes alike, two instances: one each
    [InlineData("a=3,b=1", 1, "a,b", "b")] // four lanes alike: a holds more than half
    [InlineData("a=2,b=1", 1, "a,b", null)] // three lanes alike: moving one would only turn the gap round
    [InlineData("a=3,b=1", 1, "a,b,c", "c")] // a third instance with none takes one of a's
    [InlineData("a=3,b=2,c=2", 1, "a,b,c", null)] // seven lanes alike over three: no move narrows a gap
    [InlineData("a=1", 1, "a,b", null)] // one lane cannot be split
    [InlineData("a=2", 1, "a", null)] // alone
    [InlineData("a=2", 1, "b,c", null)] // a no longer counts as alive: it keeps what it has until its pump stops
    [InlineData("a=3,gone=5", 1, "a,b", "b")] // the leases of an instance that is not alive do not count
    [InlineData("a=5000,b=4000", 4000, "a,b", null)] // the lane with most of a's mail stays: b would end up with more
    [InlineData("a=5000,b=4000", 400, "a,b", "b")] // a small lane of a's moves: 4,400 and 4,600
    [InlineData("a=4601,b=4400", 400, "a,b", null)] // then no more: a lane of 400 would turn the gap round
    [InlineData("a=1000,b=9000", 10, "a,b", null)] // an instance below the other's load gives nothing
    public void TheInstanceALaneGoesTo(string load, long weight, string delivering, string? taker)
    {
        var loads = load.Split(',').Select(h => h.Split('=')).ToDictionary(h => h[0], h => long.Parse(h[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(taker, LaneShares.TakerFrom("a", weight, delivering.Split(','), loads));
    }
}
