using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SmartSender.Core.Feedback;
using SmartSender.Core.Persistence;
using SmartSender.Core.Tracking;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Simulator;

/// <summary>
/// What comes back after a simulated delivery, handed to the same code a real one meets: a bounce, a complaint or an
/// auto-reply to the inbound <see cref="FeedbackProcessor"/>, an unsubscribe to the one-click endpoint's
/// <see cref="TrackingLookup"/>. Events, suppressions, webhooks and analytics follow as they would for real mail.
/// </summary>
public sealed class SimulatorFollowUp(
    IDbContextFactory<SmartSenderDbContext> contexts, FeedbackProcessor feedback, TrackingLookup tracking, TimeProvider clock, ILogger<SimulatorFollowUp> logger)
{
    public async Task RunAsync(Guid messageId, SimulatedOutcome outcome, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId && m.Test, ct) is not { } message)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var returned = outcome switch
        {
            SimulatedOutcome.Bounce => SimulatedReports.Bounce(message, now),
            SimulatedOutcome.Complaint => SimulatedReports.Complaint(message, now),
            SimulatedOutcome.OutOfOffice => SimulatedReports.OutOfOffice(message, now),
            _ => null,
        };
        if (returned is not null)
        {
            var result = await feedback.ProcessAsync(returned, [SimulatedReports.ReturnPathOf(message)], ct);
            logger.LogInformation("Simulator: {Outcome} for message {MessageId}: {Summary}", outcome, messageId, result.Summary);
        }
        else if (outcome == SimulatedOutcome.Unsubscribe)
        {
            await tracking.UnsubscribeAsync(message.Token ?? "", $"one-click unsubscribe ({SimulatedDelivery.Note})", ct);
        }
    }
}
