using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Tracking;

namespace SmartSender.Tests.Tracking;

public class MachineDetectorTests
{
    private static readonly DateTime Sent = new(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);
    private const string Safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148";

    [Theory]
    [InlineData(Safari, false, 120, null)]
    [InlineData(Safari, true, 120, "HEAD request")]
    [InlineData("", false, 120, "no user agent")]
    [InlineData("Mozilla/5.0 (compatible; Barracuda Sentinel)", false, 120, "scanner or prefetcher user agent")]
    [InlineData("Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17029; Pro)", false, 120, "scanner or prefetcher user agent")]
    [InlineData(Safari, false, 3, "within 10 s of delivery")]
    public void Why_NamesWhatGaveTheMachineAway(string userAgent, bool head, int secondsAfterDelivery, string? expected)
    {
        var hit = new TrackingHit("token", MessageEventType.Clicked, "https://shop.example/", userAgent, "198.51.100.7", head, Sent.AddSeconds(secondsAfterDelivery));

        Assert.Equal(expected, MachineDetector.Why(hit, Sent, TimeSpan.FromSeconds(10)));
    }
}
