namespace SmartSender.Core.Campaigns;

public enum CampaignStatus
{
    Draft,
    Scheduled,
    Sending,
    Paused,

    /// <summary>Every recipient's message is queued (some may still wait for delivery).</summary>
    Sent,
    Cancelled,
}

/// <summary>
/// Marketing mail from a template to a list: one message per subscribed contact, each through the normal submission
/// path on the marketing stream. Its recipients are fixed when it starts (<see cref="CampaignRecipient"/>).
/// </summary>
public sealed class Campaign
{
    private Campaign()
    {
    }

    public Campaign(Guid accountId, string name, Guid templateId, Contacts.Segments.AudienceTarget audience, string from, string? defaultsJson, DateTime now)
    {
        Id = Guid.CreateVersion7(now);
        AccountId = accountId;
        Edit(name, templateId, audience, from, defaultsJson);
        Status = CampaignStatus.Draft;
        CreatedAt = now;
    }

    public const int NameLength = 200;

    public Guid Id { get; private set; }

    public Guid AccountId { get; private set; }

    public string Name { get; private set; } = "";

    public Guid TemplateId { get; private set; }

    /// <summary>The list it goes to (a segment's list, when it goes to a segment).</summary>
    public Guid ListId { get; private set; }

    /// <summary>The saved segment of the list it goes to, or null for the whole list.</summary>
    public Guid? SegmentId { get; private set; }

    /// <summary>The topic it is about, or null: only contacts on the topic get it, and its unsubscribe link leaves the topic instead of the list.</summary>
    public Guid? TopicId { get; private set; }

    public string From { get; private set; } = "";

    /// <summary>Variable values for contacts that lack a field the template uses, as a JSON object.</summary>
    public string? DefaultsJson { get; private set; }

    public CampaignStatus Status { get; private set; }

    /// <summary>When it starts; null to start at once.</summary>
    public DateTime? SendAt { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? StartedAt { get; private set; }

    public DateTime? FinishedAt { get; private set; }

    /// <summary>Contacts it goes to: 0 until its job has written them, when it starts.</summary>
    public int Recipients { get; private set; }

    /// <summary>Messages queued so far.</summary>
    public int Queued { get; private set; }

    /// <summary>Recipients refused at submission (suppressed meanwhile, an address no longer valid, …).</summary>
    public int Skipped { get; private set; }

    /// <summary>Why it stopped by itself (the quota ran out, the reputation became Bad), or null.</summary>
    public string? PausedBecause { get; private set; }

    /// <summary>Larger than the day's quota: it sends what the quota allows and goes on as room frees up, day after day.</summary>
    public bool PaceAcrossDays { get; private set; }

    /// <summary>While paced: when the quota has room again and the next batch goes; null otherwise.</summary>
    public DateTime? WaitingUntil { get; private set; }

    public bool IsEditable => Status is CampaignStatus.Draft or CampaignStatus.Scheduled;

    public Contacts.Segments.AudienceTarget Audience => new(AccountId, ListId, TopicId, SegmentId);

    public void Edit(string name, Guid templateId, Contacts.Segments.AudienceTarget audience, string from, string? defaultsJson) =>
        (Name, TemplateId, ListId, SegmentId, TopicId, From, DefaultsJson) = (name, templateId, audience.ListId, audience.SegmentId, audience.TopicId, from, defaultsJson);

    public void Schedule(DateTime at, bool paceAcrossDays) => (Status, SendAt, PaceAcrossDays) = (CampaignStatus.Scheduled, at, paceAcrossDays);

    public void Start(bool paceAcrossDays, DateTime now) =>
        (Status, Recipients, StartedAt, PausedBecause, PaceAcrossDays) = (CampaignStatus.Sending, 0, now, null, paceAcrossDays);

    public void WaitForQuota(DateTime? until) => WaitingUntil = until;

    /// <summary>The recipients are written: their number, which may differ from the audience counted at the start.</summary>
    public void Fixed(int recipients) => Recipients = recipients;

    public void Progress(int queued, int skipped) => (Queued, Skipped) = (Queued + queued, Skipped + skipped);

    public void Pause(string? because) => (Status, PausedBecause) = (CampaignStatus.Paused, because);

    public void Resume() => (Status, PausedBecause) = (CampaignStatus.Sending, null);

    public void Finish(DateTime now) => (Status, FinishedAt) = (CampaignStatus.Sent, now);

    public void Cancel(DateTime now) => (Status, FinishedAt) = (CampaignStatus.Cancelled, now);
}
