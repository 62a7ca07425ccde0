using System.Net;
using SmartSender.Core.Webhooks;

namespace SmartSender.Tests.Webhooks;

/// <summary>The address rule a webhook connection is checked against, for IPv6 addresses that carry an IPv4 one.</summary>
public class WebhookUrlPolicyTests
{
    [Theory]
    [InlineData("64:ff9b::7f00:1")] // NAT64 of 127.0.0.1
    [InlineData("64:ff9b::a00:5")] // NAT64 of 10.0.0.5
    [InlineData("2002:7f00:1::")] // 6to4 of 127.0.0.1
    [InlineData("2002:c0a8:101::1")] // 6to4 of 192.168.1.1
    [InlineData("::127.0.0.1")] // IPv4-compatible
    [InlineData("::ffff:0:7f00:1")] // IPv4-translated
    [InlineData("::ffff:127.0.0.1")] // IPv4-mapped
    [InlineData("2001:0:4136:e378:8000:63bf:f5ff:fffe")] // Teredo, client 10.0.0.1 inverted
    [InlineData("2001:0:a00:1:8000:63bf:3fff:fdd2")] // Teredo, server 10.0.0.1
    [InlineData("64:ff9b:1::a00:1")] // local-use NAT64
    [InlineData("2001:db8::1")] // documentation
    public void IsPublic_IPv6CarryingANonPublicIPv4OrReserved_IsFalse(string address) =>
        Assert.False(WebhookUrlPolicy.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("64:ff9b::5db8:d822")] // NAT64 of 93.184.216.34
    [InlineData("2002:5db8:d822::1")] // 6to4 of 93.184.216.34
    [InlineData("2001:0:4136:e378:8000:63bf:a247:27dd")] // Teredo, client 93.184.216.34 inverted, server 65.54.227.120
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    public void IsPublic_IPv6OfAPublicHost_IsTrue(string address) =>
        Assert.True(WebhookUrlPolicy.IsPublic(IPAddress.Parse(address)));
}
