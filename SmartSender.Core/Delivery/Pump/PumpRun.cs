using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using MimeKit;
using SmartSender.Core.Delivery.Direct;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Delivery.Pools;
using SmartSender.Core.Delivery.Queue;
using SmartSender.Core.Delivery.Replies;
using SmartSender.Core.Domains;
using SmartSender.Core.Feedback.Bounces;
using SmartSender.Core.Messages;
using SmartSender.Core.Suppressions;

namespace SmartSender.Core.Delivery.Pump;

/// <summary>One run of the pump: the claimed messages it holds, its lanes, and the writer that saves outcomes.</summary>
internal sealed class PumpRun(DeliveryPump pump, OutcomeWriter writer, int maxHeld)
{
    private static readonly SendingIp Relay = new() { Address = "relay" };
    private readonly ConcurrentDictionary<LaneKey, LaneRun> _lanes = new();
    private readonly ConcurrentDictionary<Task, byte> _workers = new();
    private readonly CancellationTokenSource _stop = new();
    private int _held;

    public int Held => Volatile.Read(ref _held);

    public bool Stopping { get; private set; }

    /// <summary>Cancelled when the run stops: ends the waits of idle sessions.</summary>
    public CancellationToken Stopped => _stop.Token;

    public DeliveryPump Pump => pump;

    /// <summary>What the run and its lanes work with.</summary>
    public DeliveryServices Services => pump.Services;

    /// <summary>Routes each claimed message and hands it to its lane; routes, pools and signing domains are looked up once per batch.</summary>
    /// <param name="claimedAt">When the claim began: the claim holds at least until then plus the hold.</param>
    public async Task DispatchAsync(IReadOnlyList<Message> claimed, DateTimeOffset claimedAt, CancellationToken ct)
    {
        Interlocked.Add(ref _held, claimed.Count);
        var routes = new Dictionary<string, RouteLookup>(StringComparer.OrdinalIgnoreCase);
        var accounts = await Services.Lookups.AccountsOfAsync(claimed, ct);
        var domains = await Services.Lookups.SigningDomainsAsync(claimed, ct);
        await Services.Pools.RefreshAsync(ct);
        foreach (var message in claimed)
        {
            // Closed while this message waited (approval cancels in batches; a crash may stop it halfway): never sent.
            if (accounts[message.AccountId]?.ClosedAt is not null)
            {
                _ = Saved(writer.WriteAsync(message, m => m.Cancel(Message.CancelledForClosure, Services.Clock.GetUtcNow().UtcDateTime)));
                continue;
            }

            // A test-mode key's mail, and mail to the simulator, never leaves: its outcome is simulated, outside every lane.
            if (message.Test && Services.Simulator is { } simulator)
            {
                var outcome = SettleSaving(message, null, simulator.VerdictFor(message), attempted: true);
                _ = outcome.ContinueWith(t => simulator.Settled(message), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                continue;
            }

            var domain = MailboxAddress.Parse(message.To).Domain;
            if (!routes.TryGetValue(domain, out var lookup))
            {
                routes[domain] = lookup = await Services.Sender.RouteAsync(domain, ct);
            }

            if (lookup.Failure is { } noRoute)
            {
                Settle(message, null, Verdicts.Of(noRoute), attempted: false);
                continue;
            }

            // A message put back for another instance's lane keeps that lane's IP, so the lane's holder sends it.
            var pool = accounts[message.AccountId]?.IpPool;
            var from = Services.Sender.UsesSendingIps ? Services.Pools.Pick(pool, LaneKey.Parse(message.LaneKey)?.SendingIp) : Relay;
            var lane = new LaneKey(string.IsNullOrEmpty(from.Address) ? "default" : from.Address, lookup.Route!.Provider);
            if (Services.Hints.Shared)
            {
                Services.Hints.Learn(message.AccountId, domain, lane, onlyIp: !Services.Sender.UsesSendingIps || Services.Pools.HasOneUsable(pool));
            }

            var signing = domains.GetValueOrDefault((message.AccountId, OutgoingMessageBuilder.FromDomainOf(message)));
            _lanes.GetOrAdd(lane, key => new LaneRun(this, key, Services.LaneOptions.LimitsFor(key.Provider)))
                .Enqueue(new DeliveryItem(message, lookup.Route, from, signing) { ClaimedAt = claimedAt });
        }
    }

    /// <summary>Starts a lane's worker, kept track of so the run can wait for it.</summary>
    public void Start(Func<Task> work)
    {
        var task = Task.Run(work);
        _workers[task] = 0;
        task.ContinueWith(t => _workers.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>Saves what became of a message; the run holds it until then.</summary>
    public void Settle(Message message, LaneKey? lane, ReplyVerdict verdict, bool attempted) => SettleSaving(message, lane, verdict, attempted);

    /// <summary><see cref="Settle"/>, with the save to wait on: done once the outcome is committed.</summary>
    public Task SettleSaving(Message message, LaneKey? lane, ReplyVerdict verdict, bool attempted)
    {
        var now = Services.Clock.GetUtcNow().UtcDateTime;
        var suppress = verdict is { Outcome: DeliveryOutcome.HardFail failed, AddressIsBad: true }
            ? new Suppression(message.AccountId, message.To, SuppressionReason.HardBounce, failed.Reply, message.Id, now)
            : null;
        if (verdict.Outcome is DeliveryOutcome.Delivered)
        {
            pump.CountDelivered();
        }

        var saving = writer.WriteAsync(message, m =>
        {
            if (lane is not null)
            {
                m.AssignLane(lane.ToString());
            }

            switch (verdict.Outcome)
            {
                case DeliveryOutcome.Delivered sent:
                    m.MarkDelivered(sent.Reply, now);
                    break;
                case DeliveryOutcome.HardFail hard:
                    m.MarkFailed(hard.Reply, ReasonRules.Of(hard.Reply, null)?.ToString(), now, attempted);
                    break;
                default:
                    Services.Retries.Defer(m, verdict, now);
                    break;
            }
        }, suppress);
        Saved(saving);
        Services.Logger.LogDebug("Message {MessageId} of account {AccountId} on lane {Lane}: {Outcome} {Reply}",
            message.Id, message.AccountId, lane?.ToString() ?? message.LaneKey, verdict.Outcome.GetType().Name, verdict.Outcome.Reply);
        return saving;
    }

    /// <summary>
    /// Lets go of a message whose claim may have lapsed, writing nothing of it: the claim is given back only if it is
    /// still this run's, so a message another instance claimed meanwhile stays that instance's to send.
    /// </summary>
    public void LetGo(Message message) =>
        Saved(message.ClaimId is { } claim ? Services.Queue.ReleaseIfHeldAsync(message.Id, claim) : Task.CompletedTask);

    /// <summary>Puts a message back in the queue until <paramref name="until"/>, without counting an attempt.</summary>
    public Task Postpone(Message message, LaneKey lane, DateTime until) =>
        Saved(writer.WriteAsync(message, m =>
        {
            m.AssignLane(lane.ToString());
            m.Postpone(until);
        }));

    /// <summary>Stops taking messages, lets the workers finish the one each is sending, and saves every outcome.</summary>
    public async Task StopAsync()
    {
        Stopping = true;
        await _stop.CancelAsync();
        while (!_workers.IsEmpty)
        {
            await Task.WhenAll(_workers.Keys);
        }

        await writer.CompleteAsync();
    }

    private Task Saved(Task saving) => saving.ContinueWith(t =>
    {
        var held = Interlocked.Decrement(ref _held);
        if (held == 0 || held == maxHeld / 2)
        {
            pump.Wake();
        }
    }, TaskScheduler.Default);
}
