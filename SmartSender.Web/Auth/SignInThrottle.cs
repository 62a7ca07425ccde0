using System.Collections.Concurrent;
using System.Net;

namespace SmartSender.Web.Auth;

/// <summary>
/// Slows password guessing without letting anyone lock a user out (ADR 0027). Failures are counted per client address
/// and per email address typed, whether or not a user has it, so the answers say nothing about which addresses have
/// accounts. The first <see cref="FreeAttempts"/> failures cost nothing; after them each attempt must wait a delay that
/// doubles with every further failure, up to <see cref="MaxDelay"/>; counts lapse <see cref="Window"/> after the last
/// failure, and a success clears them. A user under attack can still sign in, at worst a minute later.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock)
{
    public const int FreeAttempts = 5;
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>How long the attempt must still wait, or null when it may be checked now.</summary>
    public TimeSpan? WaitBefore(IPAddress? client, string email)
    {
        var now = clock.GetUtcNow();
        var wait = new[] { Wait(AddressKey(client), now), Wait(EmailKey(email), now) }.Max();
        return wait > TimeSpan.Zero ? wait : null;
    }

    public void Failed(IPAddress? client, string email)
    {
        var now = clock.GetUtcNow();
        foreach (var key in new[] { AddressKey(client), EmailKey(email) })
        {
            _failures.AddOrUpdate(key, _ => new Failures(1, now), (_, f) => new Failures(now - f.Last > Window ? 1 : f.Count + 1, now));
        }

        if (_failures.Count > MaxEntries)
        {
            foreach (var (key, f) in _failures.Where(e => now - e.Value.Last > Window).ToList())
            {
                _failures.TryRemove(KeyValuePair.Create(key, f));
            }
        }
    }

    public void Succeeded(IPAddress? client, string email)
    {
        _failures.TryRemove(AddressKey(client), out _);
        _failures.TryRemove(EmailKey(email), out _);
    }

    private TimeSpan Wait(string key, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var f) || f.Count < FreeAttempts || now - f.Last > Window)
        {
            return TimeSpan.Zero;
        }

        var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, f.Count - FreeAttempts), MaxDelay.TotalSeconds));
        return f.Last + delay - now;
    }

    private static string AddressKey(IPAddress? client) => "ip:" + (client?.ToString() ?? "unknown");

    private static string EmailKey(string email) => "email:" + email.Trim().ToUpperInvariant();

    private sealed record Failures(int Count, DateTimeOffset Last);
}
