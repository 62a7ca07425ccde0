using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmartSender.Core.ContentReview;
using SmartSender.Core.Messages;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.ContentReview;

/// <summary>The review with a real SpamAssassin daemon configured: its score is added and its rules named; when it is down the built-in rules stand alone.</summary>
public class SpamdTests(SpamdServer spamd) : IClassFixture<SpamdServer>, IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task CraftedSpam_GetsSpamAssassinsScoreAddedToTheRules_WithItsRulesNamed()
    {
        var request = new SendRequestBuilder().From("Prize Desk <win@mailer.example.top>").Subject("YOU HAVE WON A PRIZE").Text(null)
            .Html("""<a href="https://bit.ly/3xYz">www.paypal.com</a> Click here to claim your prize! 100% free, act now""").BuildValid();

        var verdict = await Reviews(spamd.Address).ReviewAsync(request.ForReview(null), request.From, request.To);

        var hit = verdict.Hits.Single(h => h.Rule == SpamdClient.Rule);
        Assert.True(hit.Score >= 3, hit.Detail);
        Assert.Contains("SHORT_SHORTNER", hit.Detail);
        Assert.Equal(verdict.Hits.Sum(h => h.Score), verdict.Score, 6);
        Assert.True(verdict.Rejected);
    }

    [Fact]
    public async Task OrderConfirmation_ScoresLowWithSpamAssassin_AndPasses()
    {
        var request = new SendRequestBuilder().Subject("Your order 10452")
            .Text("Thanks for your order, Ann. Order 10452: two pairs of wool socks, 29.90 EUR in all. We will tell you when it ships.")
            .Html("<html><body><p>Thanks for your order, Ann.</p><p>Order 10452: two pairs of wool socks, 29.90 EUR in all. We will tell you when it ships.</p></body></html>")
            .BuildValid();

        var verdict = await Reviews(spamd.Address).ReviewAsync(request.ForReview(null), request.From, request.To);

        var hit = verdict.Hits.Single(h => h.Rule == SpamdClient.Rule);
        Assert.True(hit.Score < 2, hit.Detail);
        Assert.False(verdict.Rejected);
    }

    [Fact]
    public async Task SpamdNotListening_LeavesTheBuiltInRulesAlone()
    {
        var request = new SendRequestBuilder().Subject("VERIFY YOUR ACCOUNT NOW").BuildValid();

        var verdict = await Reviews($"127.0.0.1:{SmtpSink.FreePort(System.Net.IPAddress.Loopback)}").ReviewAsync(request.ForReview(null), request.From, request.To);

        Assert.Equal(["subject_all_caps", "spam_phrases"], verdict.Hits.Select(h => h.Rule));
    }

    private ContentReviews Reviews(string address)
    {
        var options = Options.Create(new ContentReviewOptions { Spamd = address, SpamdTimeoutMilliseconds = 10_000 });
        return new ContentReviews(new ContentReviewer(options), new SpamdClient(options, NullLogger<SpamdClient>.Instance), options, _database.CreateFactory(), TimeProvider.System);
    }
}
