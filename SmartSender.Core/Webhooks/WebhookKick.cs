using Hangfire;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Webhooks;

/// <summary>Starts a <see cref="WebhookJob"/> soon after events are stored, at most every two seconds, and only while some account has an endpoint.</summary>
public class WebhookKick(IDbContextFactory<SmartSenderDbContext> contexts, IBackgroundJobClient jobs, TimeProvider clock)
{
    private readonly AtMostEvery _starts = new(TimeSpan.FromSeconds(2), clock);
    private readonly AtMostEvery _endpointChecks = new(TimeSpan.FromSeconds(10), clock);
    private volatile bool _anyEndpoints;

    public void Kick()
    {
        if (!_starts.TryPass())
        {
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

    /// <summary>An endpoint was added: the next events are worth a job at once.</summary>
    public void EndpointAdded() => _anyEndpoints = true;

    /// <summary>A delivery was queued by hand (sent again): a job now, not at the next minute.</summary>
    public void RunSoon() => jobs.Enqueue<WebhookJob>(job => job.RunAsync(CancellationToken.None));
}
