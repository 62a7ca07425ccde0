namespace SmartSender.Core.Campaigns;

/// <summary>A contact a started campaign goes to, and the message it got (or why it got none).</summary>
public sealed class CampaignRecipient
{
    private CampaignRecipient()
    {
    }

    public CampaignRecipient(Guid campaignId, Guid contactId, string email)
    {
        CampaignId = campaignId;
        ContactId = contactId;
        Email = email;
    }

    public long Id { get; private set; }

    public Guid CampaignId { get; private set; }

    public Guid ContactId { get; private set; }

    public string Email { get; private set; } = "";

    /// <summary>The message queued for the contact; null until then, and for a skipped contact.</summary>
    public Guid? MessageId { get; private set; }

    public bool Done { get; private set; }

    public string? SkippedBecause { get; private set; }

    public void Queued(Guid messageId) => (MessageId, Done) = (messageId, true);

    public void Skip(string why) => (Done, SkippedBecause) = (true, why.Length <= 500 ? why : why[..500]);
}
