namespace SmartSender.Core.Persistence;

/// <summary>
/// Figures for gauges, read from the database when a collector asks, at most every <see cref="Fresh"/>: collectors
/// asking more often see the same figures, and when the database does not answer (which shows in /health/ready) the
/// last figures stay, or <paramref name="none"/> before any.
/// </summary>
public sealed class GaugeReading<T>(Func<DateTime, Task<T>> read, T none, TimeProvider clock)
    where T : class
{
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);

    private readonly Lock _reading = new();
    private (DateTime At, T Figures)? _last;

    public T Current
    {
        get
        {
            lock (_reading)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                if (_last is { } last && now - last.At < Fresh)
                {
                    return last.Figures;
                }

                try
                {
                    _last = (now, read(now).GetAwaiter().GetResult());
                }
                catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
                {
                    _last ??= (now, none);
                }

                return _last.Value.Figures;
            }
        }
    }
}
