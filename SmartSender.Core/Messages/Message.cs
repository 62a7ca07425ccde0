using SmartSender.Core.Accounts;
using SmartSender.Core.Common;

namespace SmartSender.Core.Messages;

/// <summary>One email to one recipient, with its delivery state and timeline.</summary>
public class Message
{
    private readonly List<MessageEvent> _events = [];
    private readonly List<MessageAttachment> _attachments = [];

    private Message()
    {
    }

    public Guid Id { get; private set; }

    public Guid AccountId { get; private set; }

    /// <summary>The message's name in links it carries (unsubscribe, tracking); see <see cref="MessageToken"/>.</summary>
    public string? Token { get; private set; }

    public string From { get; private set; } = "";

    public string To { get; private set; } = "";

    public string Subject { get; private set; } = "";

    public string? TextBody { get; private set; }

    public string? HtmlBody { get; private set; }

    public string? ReplyTo { get; private set; }

    public MessageStream Stream { get; private set; }

    /// <summary>The From address's domain, lower case: the sending domain the analytics group by.</summary>
    public string SendingDomain { get; private set; } = "";

    /// <summary>The template the message was rendered from, whichever version.</summary>
    public Guid? TemplateId { get; private set; }

    /// <summary>The mailbox provider of the lane the message was routed to (Gmail, Outlook, …), once it was.</summary>
    public string? Provider { get; private set; }

    /// <summary>When the recipient first opened it (people only, not machines): where its unique open is counted.</summary>
    public DateTime? FirstOpenedAt { get; internal set; }

    /// <summary>When the recipient first clicked a link in it (people only).</summary>
    public DateTime? FirstClickedAt { get; internal set; }

    /// <summary>The template version the message was rendered from, when it came from a template.</summary>
    public Guid? TemplateVersionId { get; private set; }

    /// <summary>Custom headers, tags and metadata, as JSON.</summary>
    public string? HeadersJson { get; private set; }

    public string? TagsJson { get; private set; }

    public string? MetadataJson { get; private set; }

    /// <summary>When the message is due; null means at once.</summary>
    public DateTime? SendAt { get; private set; }

    public MessageStatus Status { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>Delivery attempts made so far.</summary>
    public int Attempts { get; private set; }

    /// <summary>The lane (sending IP and provider) the message was routed to, once it was; see <c>Delivery/Lanes</c>.</summary>
    public string? LaneKey { get; private set; }

    /// <summary>When delivery may next be tried: when it is due at first, then the retry time after each deferral.</summary>
    public DateTime NextAttemptAt { get; private set; }

    /// <summary>The delivery worker holding the message, until <see cref="ClaimedUntil"/>; see <c>Delivery/Queue</c>.</summary>
    public Guid? ClaimId { get; private set; }

    /// <summary>When the worker's hold lapses, so another one takes the message over after a crash.</summary>
    public DateTime? ClaimedUntil { get; private set; }

    /// <summary>The instance whose worker holds the claim (<c>Delivery:InstanceName</c>): restarted, it frees its old claims at once.</summary>
    public string? ClaimedBy { get; private set; }

    /// <summary>The last reply of the receiving server, e.g. <c>250 2.0.0 Ok: queued</c>.</summary>
    public string? LastReply { get; private set; }

    /// <summary>A 1×1 pixel reports opens; see <see cref="TrackingChoice"/>.</summary>
    public bool TrackOpens { get; private set; }

    /// <summary>HTML links go through the tracking host, which records the click and redirects.</summary>
    public bool TrackClicks { get; private set; }

    /// <summary>The message carries an unsubscribe link and List-Unsubscribe: always for marketing, for transactional mail when the account wants it.</summary>
    public bool Unsubscribable { get; private set; }

    /// <summary>The content review's score when the message was queued.</summary>
    public double ContentScore { get; private set; }

    /// <summary>The content review's rules that fired, as JSON (<c>[{rule, score, detail}]</c>); null when none did.</summary>
    public string? ContentHitsJson { get; private set; }

    /// <summary>The targets of its tracked links, as JSON, kept when its content is removed so that old clicks still redirect.</summary>
    public string? TrackedLinksJson { get; private set; }

    internal void KeepTrackedLinks(IReadOnlyList<string> targets) => TrackedLinksJson = System.Text.Json.JsonSerializer.Serialize(targets);

    /// <summary>When its bodies and attachments were deleted (the account's retention, or a recipient's erasure); its metadata and events stay.</summary>
    public DateTime? ContentRemovedAt { get; private set; }

    /// <summary>Test mail (a test-mode key's, or to the mailbox simulator): never sent, its outcome simulated.</summary>
    public bool Test { get; private set; }

    /// <summary>The marketing campaign the message is one of, or null.</summary>
    public Guid? CampaignId { get; private set; }

    public IReadOnlyList<MessageEvent> Events => _events;

    public IReadOnlyList<MessageAttachment> Attachments => _attachments;

    private static readonly System.Text.Json.JsonSerializerOptions HitsJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    public static Message Queue(Guid accountId, ValidSendRequest request, string token, DateTime now)
    {
        var message = new Message
        {
            Id = Guid.CreateVersion7(now),
            AccountId = accountId,
            Token = token,
            From = request.From,
            To = request.To,
            Subject = request.Subject,
            TextBody = request.Text,
            HtmlBody = request.Html,
            ReplyTo = request.ReplyTo,
            Stream = request.Stream,
            TemplateVersionId = request.TemplateVersionId,
            TemplateId = request.TemplateId,
            SendingDomain = DomainOf(request.From),
            SendAt = request.SendAt,
            NextAttemptAt = request.SendAt is { } due && due > now ? due : now,
            HeadersJson = request.Headers.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(request.Headers),
            TagsJson = request.Tags.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(request.Tags),
            MetadataJson = request.Metadata.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(request.Metadata),
            Status = MessageStatus.Queued,
            TrackOpens = request.Tracking.Opens,
            TrackClicks = request.Tracking.Clicks,
            Unsubscribable = request.Stream == MessageStream.Marketing || request.Tracking.Unsubscribe,
            ContentScore = request.Review?.Score ?? 0,
            ContentHitsJson = request.Review is { Hits.Count: > 0 } review ? System.Text.Json.JsonSerializer.Serialize(review.Hits, HitsJson) : null,
            CreatedAt = now,
            UpdatedAt = now,
            Test = request.Test,
            CampaignId = request.CampaignId,

            // Test mail's events count under the simulator's provider, which quota and reputation leave out.
            Provider = request.Test ? SimulatorAddresses.Provider : null,
        };
        message.Record(MessageEventType.Queued, now, request.SendAt is { } at ? $"scheduled for {at:u}" : null);
        message._attachments.AddRange(request.Attachments.Select(a => new MessageAttachment(message.Id, a.Filename, a.ContentType, a.Content, a.ContentId)));
        return message;
    }

    /// <summary>
    /// Stores, with a new message, the lane it will most likely take, so that on a shared queue the instance holding that
    /// lane claims it; unlike <see cref="AssignLane"/> it says nothing yet of the provider the message went to.
    /// </summary>
    public void ExpectLane(string laneKey)
    {
        EnsureQueued();
        LaneKey ??= laneKey;
    }

    public void AssignLane(string laneKey)
    {
        LaneKey = laneKey;
        Provider = laneKey[(laneKey.LastIndexOf('|') + 1)..];
    }

    /// <summary>Queued again after the receiving server deferred it: it waits for <see cref="NextAttemptAt"/>.</summary>
    public bool IsDeferred => Status == MessageStatus.Queued && Attempts > 0;

    /// <summary>Puts off the next try without counting an attempt: the lane is paused or at its limit.</summary>
    public void Postpone(DateTime until)
    {
        EnsureQueued();
        NextAttemptAt = until;
        Release();
    }

    public void MarkDelivered(string reply, DateTime now)
    {
        EnsureQueued();
        Attempts++;
        Status = MessageStatus.Delivered;
        Complete(MessageEventType.Delivered, reply, now);
    }

    /// <summary>A temporary failure: the message stays queued for the retry at <paramref name="retryAt"/>.</summary>
    public void MarkDeferred(string reply, DateTime retryAt, DateTime now)
    {
        EnsureQueued();
        Attempts++;
        Complete(MessageEventType.Deferred, $"{reply} (retry at {retryAt:u})", now);
        LastReply = reply;
        NextAttemptAt = retryAt;
    }

    /// <summary>A permanent failure.</summary>
    /// <param name="reason">Why, as a <c>BounceReason</c> name read from the reply (for the bounce-reason chart); null when unknown.</param>
    public void MarkFailed(string reply, string? reason, DateTime now, bool attempted = true)
    {
        EnsureQueued();
        if (attempted)
        {
            Attempts++;
        }

        Status = MessageStatus.Failed;
        Complete(MessageEventType.Failed, reply, now, reason);
    }

    /// <summary>Given up after retrying for longer than the maximum age.</summary>
    public void MarkExpired(string reply, DateTime now)
    {
        EnsureQueued();
        Attempts++;
        Status = MessageStatus.Expired;
        Complete(MessageEventType.Expired, reply, now, ExpiredReason);
    }

    /// <summary>The <c>BounceReason</c> of mail given up on after retrying too long.</summary>
    public const string ExpiredReason = "Expired";

    public const string CancelledForClosure = "Cancelled: the account was closed before the message was sent.";

    /// <summary>Never sent: the account was closed, or the recipient erased, while the message waited (queued, held or scheduled).</summary>
    public void Cancel(string why, DateTime now)
    {
        if (Status is not (MessageStatus.Queued or MessageStatus.Held))
        {
            throw new InvalidOperationException($"Message {Id} is {Status}, not waiting; it cannot be cancelled.");
        }

        Status = MessageStatus.Cancelled;
        Release();
        LastReply = why;
        UpdatedAt = now;
        Append(MessageEventType.Cancelled, now, why, EventSource.SmartSender);
    }

    /// <summary>
    /// Feedback that came back after delivery: a bounce, a complaint, an open. A hard bounce of a sent message makes
    /// it <see cref="MessageStatus.Bounced"/>; everything else only adds to the timeline.
    /// </summary>
    public void RecordFeedback(MessageEventType type, EventSource source, string? evidence, DateTime now, string? reason = null)
    {
        if (type == MessageEventType.HardBounced && Status == MessageStatus.Delivered)
        {
            Status = MessageStatus.Bounced;
            LastReply = evidence is { Length: > 1000 } ? evidence[..1000] : evidence;
            UpdatedAt = now;
        }

        Append(type, now, evidence, source, reason: reason);
    }

    /// <summary>An open, a click (with the link's URL) or an unsubscribe from the tracking host.</summary>
    public void RecordTracking(MessageEventType type, string? evidence, bool machine, DateTime now, string? link = null) =>
        Append(type, now, evidence, EventSource.Tracking, machine, link: link);

    private void Release() => (ClaimId, ClaimedUntil) = (null, null);

    private void Complete(MessageEventType type, string reply, DateTime now, string? reason = null)
    {
        Release();
        LastReply = reply;
        UpdatedAt = now;
        Record(type, now, reply, reason);
    }

    private void Record(MessageEventType type, DateTime now, string? detail, string? reason = null) =>
        Append(type, now, detail, type == MessageEventType.Queued ? EventSource.SmartSender : EventSource.SmtpReply, reason: reason);

    /// <summary>Every event carries the provider of the message's lane at the time, so its analytics slice never changes.</summary>
    private void Append(MessageEventType type, DateTime now, string? detail, EventSource source, bool machine = false, string? reason = null, string? link = null) =>
        _events.Add(new MessageEvent(Id, type, now, detail, source, machine) { Provider = Provider, Reason = reason, Link = link });

    private static string DomainOf(string from) =>
        MimeKit.MailboxAddress.TryParse(from, out var parsed) ? parsed.Domain.ToLowerInvariant() : "";

    private void EnsureQueued()
    {
        if (Status != MessageStatus.Queued)
        {
            throw new InvalidOperationException($"Message {Id} is {Status}; only a queued message can change its delivery state.");
        }
    }
}
