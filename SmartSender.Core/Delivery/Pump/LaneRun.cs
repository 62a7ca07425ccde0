using Microsoft.Extensions.Logging;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Delivery.Replies;
using SmartSender.Core.Delivery.Smtp;

namespace SmartSender.Core.Delivery.Pump;

/// <summary>
/// One lane within a run: its messages waiting by SMTP session, and up to <see cref="LaneLimits.Connections"/>
/// workers. A worker keeps its session to one destination while that destination has mail, for up to
/// <see cref="LaneLimits.MessagesPerConnection"/> messages, and takes the lane's permission before each message.
/// A worker whose lane runs dry keeps its session open for <see cref="DeliveryOptions.SessionIdleTime"/>, so mail that
/// arrives in the next claimed batch does not pay for a new connection.
/// </summary>
internal sealed class LaneRun(PumpRun run, LaneKey key, LaneLimits limits)
{
    private readonly Dictionary<string, Queue<DeliveryItem>> _waiting = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private int _workers;
    private int _idle;

    public void Enqueue(DeliveryItem item)
    {
        lock (_waiting)
        {
            if (!_waiting.TryGetValue(item.SessionKey, out var queue))
            {
                _waiting[item.SessionKey] = queue = new Queue<DeliveryItem>();
            }

            queue.Enqueue(item);
            if (_idle > 0)
            {
                _idle--;
                _arrived.Release();
            }
            else if (_workers < limits.Connections)
            {
                _workers++;
                run.Start(WorkAsync);
            }
        }
    }

    /// <summary>A worker: the lane's next message, one after another, each delivered over the session kept from the last.</summary>
    private async Task WorkAsync()
    {
        Session? session = null;
        try
        {
            while (await NextAsync(session?.Key) is { } item)
            {
                session = await DeliverAsync(item, await ReusableAsync(session, item));
            }
        }
        finally
        {
            await CloseAsync(session);
        }
    }

    /// <summary>
    /// One message's delivery, step by step: the lane's permission, the message built and signed, a session to its
    /// destination, the send, and what became of it settled. Returns the session to keep for the next message.
    /// </summary>
    private async Task<Session?> DeliverAsync(DeliveryItem item, Session? session)
    {
        try
        {
            if (!await AcquireLaneAsync(item))
            {
                return session;
            }

            using var wire = await BuildAndSignAsync(item);
            if (wire is null)
            {
                run.Settle(item.Message, key, Verdicts.Of(new DeliveryOutcome.HardFail(
                    "unsigned: the From domain is no longer a sending domain of this account, so the message cannot be DKIM-signed.")), attempted: false);
                return session;
            }

            session ??= await ConnectAsync(item);
            if (session is null)
            {
                return null;
            }

            // A claim that may have lapsed (a renewal held up on a starved machine) may be another instance's by
            // now: the message is let go rather than sent twice, and its holder, or the next claim, sends it.
            if (!ClaimHolds(item))
            {
                run.LetGo(item.Message);
                return session;
            }

            var verdict = await SendAsync(session, wire, item);
            run.Settle(item.Message, key, verdict, attempted: true);

            // The receiver asked us to back off: leave, and let the lane's pause decide when to come back.
            return verdict.SlowsLane ? await CloseAsync(session) : session;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            run.Services.Logger.LogError(ex, "Delivery of message {MessageId} of account {AccountId} on lane {Lane} failed unexpectedly", item.Message.Id, item.Message.AccountId, key.ToString());
            run.Settle(item.Message, key, Verdicts.Of(new DeliveryOutcome.SoftFail($"451 4.3.0 Local error: {ex.Message}")), attempted: true);
            return session;
        }
    }

    /// <summary>
    /// The lane's permission for this message. Without it, the message and every one waiting in the lane go back to the
    /// queue: due now when another instance holds the lane (only the holder claims them, <see cref="Queue.DeliveryQueue"/>),
    /// otherwise until the lane allows.
    /// </summary>
    private async Task<bool> AcquireLaneAsync(DeliveryItem item)
    {
        var permission = await AcquireAsync();
        if (!permission.Allowed)
        {
            if (permission.HeldElsewhere)
            {
                // Due at once for the lane's holder, which is told once they are back in the queue.
                var back = PostponeAll(item, run.Services.Clock.GetUtcNow().UtcDateTime);
                _ = back.ContinueWith(_ => run.Services.Kick?.Kick(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
            else
            {
                _ = PostponeAll(item, permission.WaitUntil!.Value);
            }
        }

        return permission.Allowed;
    }

    /// <summary>The message as it goes out, built and DKIM-signed on one of the pump's build threads; null when it can no longer be signed.</summary>
    private Task<Wire.WireMessage?> BuildAndSignAsync(DeliveryItem item) =>
        run.Pump.Builders.RunAsync(() => run.Services.Builder.Build(item.Message, item.SigningDomain));

    /// <summary>A session to the message's destination from its sending IP; when none opens, this message and every one waiting for that destination are deferred.</summary>
    private async Task<Session?> ConnectAsync(DeliveryItem item)
    {
        var connected = await run.Services.Sender.ConnectAsync(item.Route, item.From, CancellationToken.None);
        if (connected.Connection is null)
        {
            await run.Services.Lanes.RecordAsync(key, connected.Failure!);
            FailSession(item, connected.Failure!);
            return null;
        }

        return new Session(connected.Connection, item.SessionKey);
    }

    /// <summary>The SMTP transaction, whatever happens to the run meanwhile (a message half-way through DATA is not abandoned); the lane hears the reply.</summary>
    private async Task<ReplyVerdict> SendAsync(Session session, Wire.WireMessage wire, DeliveryItem item)
    {
        var verdict = await session.Connection.SendAsync(wire, run.Services.Builder.ReturnPathOf(item.Message, item.SigningDomain!), CancellationToken.None);
        session.Sent++;
        await run.Services.Lanes.RecordAsync(key, verdict);
        return verdict;
    }

    /// <summary>The session if the next message may go over it too (same destination, still open, under the lane's messages per connection); otherwise closed.</summary>
    private async Task<Session?> ReusableAsync(Session? session, DeliveryItem next) =>
        session is not null && (next.SessionKey != session.Key || !session.Connection.IsOpen || session.Sent >= limits.MessagesPerConnection)
            ? await CloseAsync(session)
            : session;

    private static async Task<Session?> CloseAsync(Session? session)
    {
        if (session is not null)
        {
            await session.Connection.DisposeAsync();
        }

        return null;
    }

    /// <summary>
    /// Whether the item's claim surely holds for the send: it holds until the later of its claim plus the hold and
    /// what the run's last renewal guarantees, and a quarter of the hold is left for the SMTP transaction.
    /// </summary>
    private bool ClaimHolds(DeliveryItem item)
    {
        var hold = run.Services.Options.ClaimHold;
        var held = item.ClaimedAt + hold > run.Pump.ClaimsHeldUntil ? item.ClaimedAt + hold : run.Pump.ClaimsHeldUntil;
        return run.Services.Clock.GetUtcNow() < held - hold / 4;
    }

    /// <summary>
    /// The next message, from the current session's destination while it has any; when none is waiting, waits up to
    /// the idle time for more. Null ends the worker.
    /// </summary>
    private async Task<DeliveryItem?> NextAsync(string? sessionKey)
    {
        lock (_waiting)
        {
            if (TryTake(sessionKey) is { } item)
            {
                return item;
            }

            if (run.Stopping)
            {
                _workers--;
                return null;
            }

            _idle++;
        }

        bool woken;
        try
        {
            woken = await _arrived.WaitAsync(run.Services.Options.SessionIdleTime, run.Stopped);
        }
        catch (OperationCanceledException)
        {
            woken = false;
        }

        lock (_waiting)
        {
            // Enqueue counted this worker as woken when it released; a timeout or a stop has to uncount it.
            if (!woken && !_arrived.Wait(0))
            {
                _idle--;
            }

            if (TryTake(sessionKey) is { } item)
            {
                return item;
            }

            _workers--;
            return null;
        }
    }

    /// <summary>The next message, from the current session's destination while it has any. Call under the lock.</summary>
    private DeliveryItem? TryTake(string? sessionKey)
    {
        if (run.Stopping)
        {
            return null;
        }

        var queue = sessionKey is not null && _waiting.TryGetValue(sessionKey, out var same) && same.Count > 0
            ? same
            : _waiting.Values.FirstOrDefault(q => q.Count > 0);
        return queue?.Dequeue();
    }

    /// <summary>The lane's permission to send one message, waiting out a short wait in memory.</summary>
    private async Task<LaneDecision> AcquireAsync()
    {
        while (true)
        {
            var before = run.Services.Clock.GetUtcNow();
            var decision = await run.Services.Lanes.AcquireAsync(key);
            var wait = decision.WaitUntil - before.UtcDateTime;
            if (decision.Allowed || wait > run.Services.Options.MaxLaneWait || run.Stopping)
            {
                return decision;
            }

            await Task.Delay(wait!.Value, run.Services.Clock);
            if (run.Services.Clock.GetUtcNow() == before)
            {
                // A clock that does not move (tests) would wait forever: put the message off instead.
                return decision;
            }
        }
    }

    /// <summary>The lane may not send until <paramref name="until"/>: this message and every one waiting in the lane go back to the queue until then.</summary>
    /// <returns>Done once every one is saved.</returns>
    private Task PostponeAll(DeliveryItem first, DateTime until)
    {
        List<DeliveryItem> waiting;
        lock (_waiting)
        {
            waiting = [.. _waiting.Values.SelectMany(q => q)];
            _waiting.Clear();
        }

        return Task.WhenAll(waiting.Prepend(first).Select(item => run.Postpone(item.Message, key, until)));
    }

    /// <summary>No server on the route took a session: this message and every one waiting for the same destination are deferred.</summary>
    private void FailSession(DeliveryItem first, ReplyVerdict failure)
    {
        List<DeliveryItem> waiting = [];
        lock (_waiting)
        {
            if (_waiting.Remove(first.SessionKey, out var queue))
            {
                waiting.AddRange(queue);
            }
        }

        foreach (var item in waiting.Prepend(first))
        {
            run.Settle(item.Message, key, failure, attempted: true);
        }
    }

    /// <summary>An open SMTP session of a worker: its destination, and how many messages went over it.</summary>
    private sealed class Session(IMailConnection connection, string key)
    {
        public IMailConnection Connection => connection;

        public string Key => key;

        public int Sent { get; set; }
    }
}
