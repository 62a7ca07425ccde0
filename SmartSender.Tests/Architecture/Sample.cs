// Two folders for the architecture test to read: Upper uses Lower only inside a lambda of an async method, and
// Lower uses Upper in a field, so the two make a cycle.
namespace SmartSender.Tests.Architecture.Sample.Upper
{
    public static class Caller
    {
        public static async Task<int> CountAsync(IEnumerable<int> values)
        {
            await Task.Yield();
            return values.Select(v => Lower.Counter.Twice(v)).Sum();
        }
    }
}

namespace SmartSender.Tests.Architecture.Sample.Lower
{
    public static class Counter
    {
        public static readonly Func<IEnumerable<int>, Task<int>> Back = Upper.Caller.CountAsync;

        public static int Twice(int value) => value * 2;
    }
}
