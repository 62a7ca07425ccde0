using SmartSender.Core.Messages;
using SmartSender.Core.Tracking;

namespace SmartSender.Tests.Messages;

public class MessageTokenTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TokensMadeTogether_ShareTheirTimePart_AndDifferInTheRandomPart()
    {
        var first = MessageToken.New(At);
        var second = MessageToken.New(At.AddMilliseconds(1));
        var same = MessageToken.New(At);

        // 6 bytes of milliseconds, then 16 random bytes: 30 URL-safe characters.
        Assert.Matches("^[A-Za-z0-9_-]{30}$", first);
        Assert.Equal(first[..7], second[..7]);
        Assert.Equal(first[..8], same[..8]);
        Assert.NotEqual(first[8..], same[8..]);
    }

    [Fact]
    public void TokensMadeDaysApart_DifferInTheirLeadingCharacters_AndAreStillTrackingTokens()
    {
        var early = MessageToken.New(At);
        var late = MessageToken.New(At.AddDays(3));

        Assert.NotEqual(early[..5], late[..5]);
        Assert.True(TrackingLookup.LooksLikeToken(early) && TrackingLookup.LooksLikeToken(late));
    }
}
