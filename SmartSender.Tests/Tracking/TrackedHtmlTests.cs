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

    [Fact]
    public void Apply_ChangesOnlyTheTrackedValues_AndPutsThePixelAtTheEndOfTheBody()
    {
        const string html = "<!DOCTYPE html>\n<HTML><head><title>Hi <a href=\"https://x.example/\"></title></head>\n<BODY class=main>\n" +
            "<A HREF='https://a.example/?q=1&amp;r=2' title=\"go\">A</A><!-- <a href=\"https://hidden.example/\"> --><a href=https://b.example/x>B</a>\n</body></HTML>\n";

        var tracked = TrackedHtml.Apply(html, _links, "tok", opens: true, clicks: true);

        Assert.Equal(
            "<!DOCTYPE html>\n<HTML><head><title>Hi <a href=\"https://x.example/\"></title></head>\n<BODY class=main>\n" +
            "<A HREF=\"https://t.smartsender.test/c/tok/0\" title=\"go\">A</A><!-- <a href=\"https://hidden.example/\"> --><a href=\"https://t.smartsender.test/c/tok/1\">B</a>\n" +
            "<img src=\"https://t.smartsender.test/o/tok.gif\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0;width:1px;height:1px\"></body></HTML>\n",
            tracked);
        Assert.Equal(["https://a.example/?q=1&r=2", "https://b.example/x"], TrackedHtml.Links(html, _links));
    }

    [Fact]
    public void Apply_WithALinkAfterTheClosingBodyTag_KeepsTheTextAndPutsThePixelInTheBody()
    {
        const string html = "<html><body><p>Hi</p></body><a href=\"https://late.example/\">late</a></html>";

        var tracked = TrackedHtml.Apply(html, _links, "tok", opens: true, clicks: true);

        Assert.Equal(
            "<html><body><p>Hi</p><img src=\"https://t.smartsender.test/o/tok.gif\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0;width:1px;height:1px\"></body>" +
            "<a href=\"https://t.smartsender.test/c/tok/0\">late</a></html>",
            tracked);
        Assert.Equal(["https://late.example/"], TrackedHtml.Links(html, _links));
    }

    /// <summary>
    /// Two thousand generated bodies with the tricky parts of real HTML (comments of every shape, script and style
    /// text, attributes in every quoting, character references, upper case, unclosed tags): the links found, and
    /// where they are after tracking, are what a full HTML5 parser (AngleSharp) sees.
    /// </summary>
    [Fact]
    public void GeneratedBodies_LinksAndTrackedLinks_AreWhatAnHtml5ParserSees()
    {
        var random = new Random(20261129);
        var parser = new AngleSharp.Html.Parser.HtmlParser();
        for (var n = 0; n < 2000; n++)
        {
            var html = Generate(random);

            var expected = parser.ParseDocument(html).GetElementsByTagName("a").Where(a => a.HasAttribute("href"))
                .Select(a => a.GetAttribute("href")!.Trim())
                .Where(h => Uri.TryCreate(h, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" && !_links.IsOwn(h)).ToList();
            Assert.True(expected.SequenceEqual(TrackedHtml.Links(html, _links)), $"links of: {html}");

            var tracked = parser.ParseDocument(TrackedHtml.Apply(html, _links, "tok", opens: true, clicks: true));
            var wrapped = tracked.GetElementsByTagName("a").Select(a => a.GetAttribute("href")).Where(h => h is not null && h.StartsWith("https://t.smartsender.test/c/", StringComparison.Ordinal)).ToList();
            Assert.True(Enumerable.Range(0, expected.Count).Select(i => $"https://t.smartsender.test/c/tok/{i}").SequenceEqual(wrapped), $"tracked links of: {html}");
            var pixel = Assert.Single(tracked.QuerySelectorAll("img"), i => i.GetAttribute("src") == "https://t.smartsender.test/o/tok.gif");
            Assert.True(tracked.Body!.Contains(pixel), $"pixel outside the body of: {html}");
        }
    }

    private static string Generate(Random random)
    {
        string[] urls = ["https://a.example/", "http://b.example/p?x=1&amp;y=2", " https://c.example/sp ", "mailto:x@y.example", "https://t.smartsender.test/u/tok", "/relative", "javascript:void(0)", "https://d.example/&#x41;", "HTTPS://E.EXAMPLE/"];
        string[] pieces =
        [
            "<p>text</p>", "plain & text", "<br>", "<!-- note -->", "<!-- <a href=\"https://in-comment.example/\">x</a> -->", "<!---->", "<!-->", "<!--->",
            "<script>var s = '<a href=\"https://in-script.example/\">';</script>", "<style>a[href] { color: red }</style>", "<SCRIPT type=x>if (a<b) {}</SCRIPT >",
            "<textarea><a href=\"https://in-textarea.example/\"></textarea>", "<title>t</title>", "<!DOCTYPE html>", "<?xml version=\"1.0\"?>", "</>", "</ bogus>",
            "<img src=x alt='>'>", "<div title=\"a > b\">d</div>", "<table><tr><td>cell</td></tr></table>", "<b>bold", "</span>", "<a name=top>anchor</a>",
        ];
        var html = new System.Text.StringBuilder();
        if (random.Next(2) == 0)
        {
            html.Append("<html><head><title>Mail</title></head><body>");
        }

        for (var i = random.Next(1, 12); i > 0; i--)
        {
            if (random.Next(3) == 0)
            {
                var url = urls[random.Next(urls.Length)];
                var attribute = (random.Next(4)) switch
                {
                    0 => $"href=\"{url}\"",
                    1 => $"HREF='{url}'",
                    2 => $"href = \"{url}\"",
                    _ => url.Contains(' ') ? $"href=\"{url}\"" : $"href={url}",
                };
                var extra = random.Next(3) switch { 0 => " class=\"btn\"", 1 => " data-x='1' ", _ => "" };
                var second = random.Next(5) == 0 ? " href=\"https://second.example/\"" : "";
                html.Append(random.Next(2) == 0 ? $"<a {attribute}{extra}{second}>link</a>" : $"<A{extra} {attribute}{second}>Link</A>");
            }
            else
            {
                html.Append(pieces[random.Next(pieces.Length)]);
            }
        }

        if (html.ToString().StartsWith("<html>", StringComparison.Ordinal))
        {
            html.Append(random.Next(2) == 0 ? "</body></html>" : "</BODY>\n</HTML>");
            if (random.Next(4) == 0)
            {
                // Mail that goes on after its closing tags: a parser puts it in the body all the same.
                html.Append("<p><a href=\"https://after.example/\">after</a></p>");
            }
        }

        // Text that ends inside something: a comment, a script, a tag with its href, an attribute's quotes.
        string[] unclosed = ["<!-- left open", "<script>var a = 1;", "<textarea>draft", "<a href=\"https://cut.example/\"", "<div title=\"open", "</p", "<!DOCTYPE"];
        if (random.Next(8) == 0)
        {
            html.Append(unclosed[random.Next(unclosed.Length)]);
        }

        return html.ToString();
    }
}
