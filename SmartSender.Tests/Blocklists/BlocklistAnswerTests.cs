using System.Net;
using SmartSender.Core.Blocklists;
using SmartSender.Core.Dns;

namespace SmartSender.Tests.Blocklists;

/// <summary>Blocklist queries and answers as RFC 5782 and the lists' own documentation describe them.</summary>
public sealed class BlocklistAnswerTests
{
    private static readonly BlocklistDefinition Zen = new()
    {
        Name = "Spamhaus ZEN",
        Zone = "zen.spamhaus.org",
        Listed = { ["127.0.0.2"] = "SBL", ["127.0.0.4"] = "XBL" },
        Errors = { ["127.255.255.254"] = "public resolver", ["127.255.255.255"] = "too many queries" },
    };

    [Theory]
    [InlineData("192.0.2.99", BlocklistTargets.Ip, "99.2.0.192.zen.spamhaus.org")]
    [InlineData("2001:db8:1:2:3:4:567:89ab", BlocklistTargets.Ip, "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.zen.spamhaus.org")]
    [InlineData("::ffff:192.0.2.99", BlocklistTargets.Ip, "99.2.0.192.zen.spamhaus.org")]
    [InlineData("shop.example.", BlocklistTargets.Domain, "shop.example.zen.spamhaus.org")]
    public void TheQueryName_FollowsRfc5782(string target, BlocklistTargets kind, string name) =>
        Assert.Equal(name, BlocklistAnswer.QueryName(target, kind, "zen.spamhaus.org"));

    [Fact]
    public void NoSuchName_AndAnEmptyAnswer_AreClear()
    {
        Assert.IsType<BlocklistAnswer.Clear>(BlocklistAnswer.Read(Zen, new DnsAnswer<IPAddress>(DnsStatus.NotFound, [], null)));
        Assert.IsType<BlocklistAnswer.Clear>(BlocklistAnswer.Read(Zen, new DnsAnswer<IPAddress>(DnsStatus.Ok, [], null)));
    }

    [Fact]
    public void DocumentedCodes_AreListed_WithWhatTheyMean_AndAnUndocumentedOneCountsToo()
    {
        var listed = Assert.IsType<BlocklistAnswer.Listed>(BlocklistAnswer.Read(Zen, Answer("127.0.0.4", "127.0.0.2")));
        Assert.Equal("127.0.0.2, 127.0.0.4", listed.Codes);
        Assert.Equal("SBL; XBL", listed.Meaning);

        var other = Assert.IsType<BlocklistAnswer.Listed>(BlocklistAnswer.Read(Zen, Answer("127.0.0.7")));
        Assert.Equal("listed (127.0.0.7)", other.Meaning);
    }

    [Fact]
    public void OneTwoSevenZeroZeroOne_IsNeverAListing() =>
        Assert.IsType<BlocklistAnswer.Clear>(BlocklistAnswer.Read(Zen, Answer("127.0.0.1")));

    [Fact]
    public void TheListsErrorCodes_AreRefusals_NotListings()
    {
        var refused = Assert.IsType<BlocklistAnswer.NoAnswer>(BlocklistAnswer.Read(Zen, Answer("127.255.255.254")));
        Assert.True(refused.Refused);
        Assert.Equal("Spamhaus ZEN answered 127.255.255.254: public resolver", refused.Reason);
    }

    [Fact]
    public void AnAnswerOutside127_IsNoAnswer_AndATimeoutIsNoAnswerEither()
    {
        var stray = Assert.IsType<BlocklistAnswer.NoAnswer>(BlocklistAnswer.Read(Zen, Answer("198.51.100.7")));
        Assert.Contains("198.51.100.7, which is no blocklist code", stray.Reason);

        var timeout = Assert.IsType<BlocklistAnswer.NoAnswer>(BlocklistAnswer.Read(Zen, new DnsAnswer<IPAddress>(DnsStatus.Failed, [], "timed out")));
        Assert.False(timeout.Refused);
    }

    private static DnsAnswer<IPAddress> Answer(params string[] addresses) => new(DnsStatus.Ok, [.. addresses.Select(IPAddress.Parse)], null);
}
