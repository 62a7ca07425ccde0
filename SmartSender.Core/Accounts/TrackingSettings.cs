using SmartSender.Core.Common;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Accounts;

/// <summary>
/// What an account tracks. Marketing mail tracks opens and clicks unless turned off; transactional mail (password
/// resets, receipts) tracks nothing unless turned on, and carries an unsubscribe link only when the account wants it.
/// </summary>
public sealed record TrackingSettings(bool MarketingOpens, bool MarketingClicks, bool TransactionalOpens, bool TransactionalClicks, bool TransactionalUnsubscribe)
{
    public static readonly TrackingSettings Default = new(true, true, false, false, false);

    /// <summary>The choice for one message of <paramref name="stream"/>; a From domain with tracking off tracks nothing.</summary>
    public TrackingChoice For(MessageStream stream, bool domainTracks) => stream == MessageStream.Marketing
        ? new TrackingChoice(MarketingOpens && domainTracks, MarketingClicks && domainTracks, true)
        : new TrackingChoice(TransactionalOpens && domainTracks, TransactionalClicks && domainTracks, TransactionalUnsubscribe);
}
