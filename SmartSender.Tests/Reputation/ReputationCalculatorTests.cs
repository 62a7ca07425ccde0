using SmartSender.Core.Reputation;
using SmartSender.Core.Accounts;

namespace SmartSender.Tests.Reputation;

public class ReputationCalculatorTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);
    private readonly ReputationOptions _options = new();

    [Fact]
    public void NewAccount_ThreeMessagesAllBounced_StaysNormal_ForWantOfVolume()
    {
        var days = Days(30, _ => (0, 0, 0)).ToList();
        days[^1] = days[^1] with { Submitted = 3, HardBounces = 3 };

        var verdict = ReputationCalculator.Assess(days, _options);

        Assert.Equal(ReputationLevel.Normal, verdict.Level);
        Assert.Equal("Not enough mail to judge yet: 3 of the 100 messages over 30 days it takes.", verdict.Reason);
    }

    [Theory]
    [InlineData(4, ReputationLevel.Normal)]
    [InlineData(5, ReputationLevel.Low)]
    [InlineData(9, ReputationLevel.Low)]
    [InlineData(10, ReputationLevel.Bad)]
    public void BouncesOfAHundredInAWeek_MeetTheThresholdsAtFiveAndTenPercent(int bounced, ReputationLevel expected)
    {
        var days = Days(30, i => i == 29 ? (100, bounced, 0) : (0, 0, 0)).ToList();

        Assert.Equal(expected, ReputationCalculator.Assess(days, _options).Level);
    }

    [Fact]
    public void ComplaintsThatLeftTheShortWindow_StillCountOverTheLongOne()
    {
        // 10 days ago: 1,000 messages with 4 complaints (0.4 %); since then little mail, too little to judge a week.
        var days = Days(30, i => i == 19 ? (1_000, 0, 4) : (5, 0, 0)).ToList();

        var verdict = ReputationCalculator.Assess(days, _options);

        Assert.Equal(ReputationLevel.Low, verdict.Level);
        Assert.Equal("Complaint rate 0.349% over the last 30 days (4 of 1,145) reached the Low threshold of 0.1%.", verdict.Reason);
        var complaints = verdict.Factors.Single(f => f.Factor == ReputationFactor.Complaints);
        Assert.False(complaints.Short.Judged);
        Assert.Same(complaints.Long, complaints.Deciding);
        Assert.Equal(1.0, complaints.Contribution);
    }

    [Fact]
    public void Good_NeedsItsVolumeAndLowBouncesAndComplaintsOverThirtyDays()
    {
        var enough = Days(30, _ => (40, 0, 0)).ToList();
        var tooFew = Days(30, i => i < 6 ? (0, 0, 0) : (40, 0, 0)).ToList();
        var bouncy = Days(30, i => i == 0 ? (40, 30, 0) : (40, 0, 0)).ToList();

        Assert.Equal(ReputationLevel.Good, ReputationCalculator.Assess(enough, _options).Level);
        Assert.Equal(ReputationLevel.Normal, ReputationCalculator.Assess(tooFew, _options).Level);
        Assert.Equal(ReputationLevel.Normal, ReputationCalculator.Assess(bouncy, _options).Level);
    }

    [Fact]
    public void Outlook_LowFromTodaysComplaints_SaysHowLongToKeepThemUnderTheThreshold()
    {
        var days = Days(30, i => i == 29 ? (100, 0, 2) : (100, 0, 0)).ToList();
        var verdict = ReputationCalculator.Assess(days, _options);

        var outlook = ReputationProjection.Outlook(days, verdict, _options);

        Assert.Equal(ReputationLevel.Low, verdict.Level);
        Assert.Equal("Keep complaints under 0.1% for 7 days more to reach Normal (at about 100 messages a day).", outlook.Up);
    }

    [Fact]
    public void Outlook_GoodAccountWithComplaintsRising_SaysWhenItWouldDrop()
    {
        var days = Days(30, i => i >= 27 ? (1_000, 0, 1) : (1_000, 0, 0)).ToList();
        var verdict = ReputationCalculator.Assess(days, _options);

        var outlook = ReputationProjection.Outlook(days, verdict, _options);

        Assert.Equal(ReputationLevel.Good, verdict.Level);
        Assert.Equal("Complaints ran at 0.1% over the last 3 days; at that pace the account drops to Low in 4 days.", outlook.Drop);
    }

    private static IEnumerable<DailyCounts> Days(int count, Func<int, (long Sent, long Bounced, long Complained)> day) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var (sent, bounced, complained) = day(i);
            return new DailyCounts(Today.AddDays(i - count + 1), sent, bounced, complained, 0, 0, 0);
        });
}
