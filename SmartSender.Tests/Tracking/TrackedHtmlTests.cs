using Microsoft.Extensions.Options;
using SmartSender.Core.Tracking;

namespace SmartSender.Tests.Tracking;

public class TrackedHtmlTests
{
    private readonly MessageLinks _links = new(Options.Create(new TrackingOptions { BaseUrl = "https://t.smartsender.test" }));

    [Fact]
    public void Apply_WrapsWebLinksInOrderByNumber_LeavesMailtoAndOwnLinks_AndAddsThePixel()
    {
        const string html = """<p><a href="https://a.example/x?y=1">A</a> <a href="mailto:help@shop.test">mail</a> <a href="https://t.smartsender.test/u/tok">unsubscribe</a> <a href="http://b.example/">B</a></p>""";

        var tracked = TrackedHtml.Apply(html, _links, "tok", opens: true, clicks: true);

        Assert.Contains("href=\"https://t.smartsender.test/c/tok/0\"", tracked);
        Assert.Contains("href=\"https://t.smartsender.test/c/tok/1\"", tracked);
        Assert.Contains("href=\"mailto:help@shop.test\"", tracked);
        Assert.Contains("href=\"https://t.smartsender.test/u/tok\"", tracked);
        Assert.Contains("src=\"https://t.smartsender.test/o/tok.gif\"", tracked);
        Assert.DoesNotContain("a.example", tracked);
        Assert.Equal(["https://a.example/x?y=1", "http://b.example/"], TrackedHtml.Links(html, _links));
    }

    [Fact]
    public void Apply_WithNothingTracked_LeavesTheBodyAsItIs()
    {
        const string html = "<p><a href=\"https://a.example/\">A</a></p>";

        Assert.Same(html, TrackedHtml.Apply(html, _links, "tok", opens: false, clicks: false));
    }
}
