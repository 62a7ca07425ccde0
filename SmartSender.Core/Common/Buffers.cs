using System.Buffers;

namespace SmartSender.Core.Common;

/// <summary>
/// Byte buffers from the shared pool, except large ones. A buffer of a large message (a 10 MB body needs a 32 MB one
/// to encode, and passes through every size below on the way) kept by the pool stays in memory until the runtime
/// trims it, one at a time, minutes later: after eight 10 MB messages the pool held thirty 1 MB arrays a minute on.
/// Allocated plainly, it goes with the next collection. Buffers of ordinary messages (a few to some tens of KB), the
/// common case, are pooled.
/// </summary>
public static class Buffers
{
    /// <summary>The shared pool keeps nothing larger than this.</summary>
    public const int LargestPooled = 64 * 1024;

    public static byte[] Rent(int minimumLength) =>
        minimumLength > LargestPooled ? GC.AllocateUninitializedArray<byte>(minimumLength) : ArrayPool<byte>.Shared.Rent(minimumLength);

    public static void Return(byte[] buffer)
    {
        if (buffer.Length <= LargestPooled)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
