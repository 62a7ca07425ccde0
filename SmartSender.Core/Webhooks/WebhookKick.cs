using Hangfire;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Webhooks;

/// <summary>
/// Starts a <see cref="WebhookJob"/> soon after events are stored, at most every two seconds, and only while some
/// account has an endpoint. Events stored within the two seconds after a start get one more start at their end, so
/// none waits for the minute's sweep.
/// </summary>
public class WebhookKick(IDbContextFactory<SmartSenderDbContext> contexts, IBackgroundJobClient jobs, TimeProvider clock) : INewEventsListener
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);
    private readonly AtMostEvery _starts = new(Window, clock);
    private readonly AtMostEvery _endpointChecks = new(TimeSpan.FromSeconds(10), clock);
    private volatile bool _anyEndpoints;
    private int _trailing;

    public void EventsStored(IReadOnlyCollection<Guid> feedbackAccounts) => Kick();

    public void Kick()
    {
        if (!_starts.TryPass())
        {
            if (Interlocked.Exchange(ref _trailing, 1) == 0)
            {
                _ = Task.Delay(Window, clock).ContinueWith(_ =>
                {
                    Volatile.Write(ref _trailing, 0);
                    Kick();
                }, TaskScheduler.Default);
            }

            return;
        }

        if (_endpointChecks.TryPass())
        {
            using var db = contexts.CreateDbContext();
            _anyEndpoints = db.WebhookEndpoints.Any();
        }

        if (_anyEndpoints)
        {
            jobs.Enqueue<WebhookJob>(job => job.RunAsync(CancellationToken.None));
        }
    }

    /// <summary>An endpoint was added or enabled (<see cref="WebhookEndpoints"/>): the next events are worth a job at once.</summary>
    public void EndpointAdded() => _anyEndpoints = true;

    /// <summary>A delivery was queued by hand (sent again): a job now, not at the next minute.</summary>
    public void RunSoon() => jobs.Enqueue<WebhookJob>(job => job.RunAsync(CancellationToken.None));
}
