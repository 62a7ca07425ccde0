using Microsoft.Extensions.Time.Testing;
using SmartSender.Core.Common;

namespace SmartSender.Tests.Common;

public class AtMostEveryTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void TheFirstCallPasses_CallsWithinTheGapDoNot_AndTheFirstAfterItDoes()
    {
        var gate = new AtMostEvery(TimeSpan.FromSeconds(2), _clock);

        Assert.True(gate.TryPass());
        _clock.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(gate.TryPass());
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(gate.TryPass());
        Assert.False(gate.TryPass());
    }

    [Fact]
    public void EachKeyHasItsOwnGap()
    {
        var gate = new AtMostEvery<Guid>(TimeSpan.FromSeconds(5), _clock);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());

        Assert.True(gate.TryPass(a));
        Assert.True(gate.TryPass(b));
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.False(gate.TryPass(a));
        Assert.False(gate.TryPass(b));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(gate.TryPass(a));
    }

    [Fact]
    public void ManyThreadsAtOnce_OnlyOnePasses()
    {
        var gate = new AtMostEvery(TimeSpan.FromMinutes(1), _clock);

        var passed = 0;
        Parallel.For(0, 10_000, _ =>
        {
            if (gate.TryPass())
            {
                Interlocked.Increment(ref passed);
            }
        });

        Assert.Equal(1, passed);
    }
}
