using SmartSender.Core.Persistence;

namespace SmartSender.Tests.Persistence;

/// <summary>
/// The write turn: one holder at a time, in the order writers came, except that a writer an API request waits on
/// goes ahead of the background writers; a writer that gave up waiting is passed over.
/// </summary>
public class WriteTurnsTests
{
    [Fact]
    public async Task Release_ServesAWriterWaitingAhead_BeforeEarlierBackgroundWriters_ThenTheRestInOrder()
    {
        var turns = new WriteTurns();
        await turns.WaitAsync(ahead: false, CancellationToken.None);
        var served = new List<string>();

        var outcomes = Served(turns.WaitAsync(ahead: false, CancellationToken.None), "outcomes");
        var claims = Served(turns.WaitAsync(ahead: false, CancellationToken.None), "claims");
        var accepted = Served(turns.WaitAsync(ahead: true, CancellationToken.None), "accepted");
        foreach (var next in new[] { accepted, outcomes, claims })
        {
            Assert.False(next.IsCompleted);
            turns.Release();
            await next;
        }

        Assert.Equal(["accepted", "outcomes", "claims"], served);

        async Task Served(Task turn, string writer)
        {
            await turn;
            lock (served)
            {
                served.Add(writer);
            }
        }
    }

    [Fact]
    public async Task AWriterThatGaveUpWaiting_IsPassedOver_AndTheTurnGoesToTheNext()
    {
        var turns = new WriteTurns();
        await turns.WaitAsync(ahead: false, CancellationToken.None);
        using var giveUp = new CancellationTokenSource();
        var impatient = turns.WaitAsync(ahead: true, giveUp.Token);
        var patient = turns.WaitAsync(ahead: false, CancellationToken.None);

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);
        turns.Release();
        await patient;

        // The patient writer holds the turn now: a newcomer waits until it leaves.
        var newcomer = turns.WaitAsync(ahead: true, CancellationToken.None);
        Assert.False(newcomer.IsCompleted);
        turns.Release();
        await newcomer;
    }
}
