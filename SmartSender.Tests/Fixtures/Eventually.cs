using System.Diagnostics;
using Xunit.Sdk;

namespace SmartSender.Tests.Fixtures;

/// <summary>
/// Waits for a condition that background work makes true, checking it again until a deadline; fails the test with
/// the last value seen when the condition never holds.
/// </summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var waited = Stopwatch.StartNew();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (waited.Elapsed > limit)
            {
                throw new XunitException($"The condition did not hold within {limit.TotalSeconds:0} s; the last value seen was {Describe(value)}");
            }

            await tick.WaitForNextTickAsync();
        }
    }

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        System.Collections.IEnumerable items => $"[{string.Join(", ", items.Cast<object?>().Take(20))}]",
        _ => value.ToString() ?? "",
    };
}
