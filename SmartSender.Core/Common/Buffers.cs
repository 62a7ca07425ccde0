using System.Buffers;

namespace SmartSender.Core.Common;

/// <summary>
/// Byte buffers from the shared pool, except large ones. A buffer of a large message (a 10 MB body needs a 32 MB one
/// to encode) kept by the pool stays in memory until the runtime trims it, one at a time, minutes later; allocated
/// plainly, it goes with the next collection. Small buffers, the common case, are pooled as before.
/// </summary>
public static class Buffers
{
    /// <summary>The shared pool keeps nothing larger than this.</summary>
    public const int LargestPooled = 1024 * 1024;

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
