using Microsoft.Extensions.Options;
using SmartSender.Core.Common;
using SmartSender.Core.ContentReview;
using SmartSender.Core.Messages;

namespace SmartSender.Tests.ContentReview;

public class ContentReviewerTests
{
    private const string Unsubscribe = "https://track.shop.test/u/abc123";
    private readonly ContentReviewer _reviewer = new(Options.Create(new ContentReviewOptions()));

    private static readonly string OrderConfirmation = """
        <html><head><style>p { color: #333 }</style></head><body>
        <h1>Thanks for your order, Ann</h1>
        <p>Order 10452 is confirmed: 2 × Wool socks (grey) at 12.50 €, shipping 4.90 €, total 29.90 €.</p>
        <p>We will tell you when it ships. See your order at <a href="https://shop.test/orders/10452">shop.test/orders/10452</a>.</p>
        <img src="https://shop.test/logo.png" alt="Shop">
        </body></html>
        """;

    [Fact]
    public void OrderConfirmation_WithATextPart_PassesWithoutAnyRule()
    {
        var verdict = _reviewer.Review(new ContentInput("Your order 10452", OrderConfirmation, "Thanks for your order, Ann. Total 29.90 €.", MessageStream.Transactional)
        {
            FromDisplayName = "Shop", FromDomain = "shop.test",
        });

        Assert.Empty(verdict.Hits);
        Assert.False(verdict.Rejected);
    }

    [Fact]
    public void MarketingMail_WithItsUnsubscribeLink_Passes_AndWithoutIt_IsFlagged()
    {
        var html = $"<p>Our winter collection is here: warm socks, hats and gloves for the cold months.</p><p><a href=\"{Unsubscribe}\">Unsubscribe</a></p>";
        var with = _reviewer.Review(new ContentInput("Winter collection", html, "Our winter collection is here.", MessageStream.Marketing) { UnsubscribeUrl = Unsubscribe });
        var without = _reviewer.Review(new ContentInput("Winter collection", html.Replace(Unsubscribe, "https://shop.test/"), "Our winter collection is here.", MessageStream.Marketing) { UnsubscribeUrl = Unsubscribe });

        Assert.Empty(with.Hits);
        Assert.Equal(["no_unsubscribe"], without.Hits.Select(h => h.Rule));
    }

    [Fact]
    public void CraftedPhishing_ImageOnly_ShortenedAndMismatchedLinks_ImitatedBrand_IsRefusedNamingEachRule()
    {
        var html = """
            <a href="https://bit.ly/3xYz"><img src="https://cdn.example.top/banner.jpg"></a>
            <a href="http://login-secure.example.top/paypal">www.paypal.com</a>
            """;

        var verdict = _reviewer.Review(new ContentInput("VERIFY YOUR ACCOUNT NOW", html, null, MessageStream.Transactional)
        {
            FromDisplayName = "PayPal Security", FromDomain = "mailer.example.top",
        });

        Assert.True(verdict.Rejected);
        Assert.Equal(
            ["missing_text_part", "image_only", "link_domain_mismatch", "url_shortener", "bad_tld", "subject_all_caps", "spam_phrases", "brand_impersonation"],
            verdict.Hits.Select(h => h.Rule));
        Assert.Contains("Link text paypal.com", verdict.Hits.Single(h => h.Rule == "link_domain_mismatch").Detail);
        Assert.Contains("login-secure.example.top", verdict.Hits.Single(h => h.Rule == "link_domain_mismatch").Detail);
        Assert.Equal(verdict.Hits.Sum(h => h.Score), verdict.Score);
    }

    [Theory]
    [InlineData("invoice.pdf.exe", true)]
    [InlineData("setup.msi", true)]
    [InlineData("report.docm", true)]
    [InlineData("invoice.pdf", false)]
    [InlineData("photo.JPG", false)]
    public void Attachments_ThatRunCode_AreRefusedOnTheirOwn(string name, bool refused)
    {
        var verdict = _reviewer.Review(new ContentInput("Your invoice", null, "Please find your invoice attached.", MessageStream.Transactional) { AttachmentNames = [name] });

        Assert.Equal(refused, verdict.Rejected);
        Assert.Equal(refused, verdict.Hits.Any(h => h.Rule == "dangerous_attachment"));
    }

    [Theory]
    [InlineData("Shop", "shop.test", false)]
    [InlineData("Apple Support", "apple.com", false)]
    [InlineData("Apple Support", "mail.apple.com", false)]
    [InlineData("Apple Support", "apple-id-check.test", true)]
    [InlineData("Pineapple Farm", "farm.test", false)]
    [InlineData("DHL Express", "dhl.de", false)]
    [InlineData("DHL Express", "parcel-notice.test", true)]
    public void DisplayName_NamingABrand_FromAnotherDomain_IsFlagged(string name, string domain, bool flagged)
    {
        var verdict = _reviewer.Review(new ContentInput("Hello", null, "A short note.", MessageStream.Transactional) { FromDisplayName = name, FromDomain = domain });

        Assert.Equal(flagged, verdict.Hits.Any(h => h.Rule == "brand_impersonation"));
    }

    [Fact]
    public void OneReviewer_JudgesTheSameNameFromEachDomainOnItsOwn_EveryTime()
    {
        bool Flagged(string domain) => _reviewer.Review(new ContentInput("Hello", null, "A short note.", MessageStream.Transactional) { FromDisplayName = "PayPal", FromDomain = domain })
            .Hits.Any(h => h.Rule == "brand_impersonation");

        Assert.Equal([false, true, false, true], new[] { "paypal.com", "pay-check.test", "paypal.com", "pay-check.test" }.Select(Flagged));
    }

    [Theory]
    [InlineData("<a href=\"https://www.shop.co.uk/a\">shop.co.uk</a>", false)]
    [InlineData("<a href=\"https://click.mail.shop.test/x\">https://shop.test/order</a>", false)]
    [InlineData("<a href=\"https://evil.test/x\">https://shop.test/order</a>", true)]
    [InlineData("<a href=\"https://evil.test/x\">See your order</a>", false)]
    [InlineData("<a href='https://other.co.uk/'>www.shop.co.uk</a>", true)]
    public void LinkText_NamingAnotherDomainThanTheLink_IsFlagged(string link, bool flagged)
    {
        var html = $"<p>Your order has shipped and will arrive on Tuesday; track it any time.</p><p>{link}</p>";
        var verdict = _reviewer.Review(new ContentInput("Shipped", html, "Your order has shipped.", MessageStream.Transactional));

        Assert.Equal(flagged, verdict.Hits.Any(h => h.Rule == "link_domain_mismatch"));
    }

    [Fact]
    public void SpamPhrases_AddUpToACap_AndCapitalsOnlyCountInLongSubjects()
    {
        var text = "Act now! You are a winner: claim your prize, 100% free, no strings attached, once in a lifetime.";
        var verdict = _reviewer.Review(new ContentInput("SALE", null, text, MessageStream.Transactional));

        Assert.Equal(4.0, verdict.Hits.Single(h => h.Rule == "spam_phrases").Score);
        Assert.DoesNotContain(verdict.Hits, h => h.Rule == "subject_all_caps");
    }
}
