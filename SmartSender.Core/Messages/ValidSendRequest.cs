using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
namespace SmartSender.Core.Messages;

/// <summary>A send request that passed <see cref="SendRequestValidator"/>, rendered when it came from a template.</summary>
public record ValidSendRequest(string From, string To, string Subject, string? Text, string? Html)
{
    public string? ReplyTo { get; init; }

    public MessageStream Stream { get; init; } = MessageStream.Transactional;

    public Guid? TemplateVersionId { get; init; }

    /// <summary>The template of that version, for analytics by template.</summary>
    public Guid? TemplateId { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    public DateTime? SendAt { get; init; }

    public IReadOnlyList<ValidAttachment> Attachments { get; init; } = [];

    /// <summary>Test mail: from a test-mode key, or to the mailbox simulator. It never leaves, and counts in neither quota nor reputation.</summary>
    public bool Test { get; init; }

    /// <summary>Whether opens and clicks are tracked, from the account's settings for the stream and the From domain's.</summary>
    public TrackingChoice Tracking { get; init; } = TrackingChoice.None;

    /// <summary>The campaign the message is one of.</summary>
    public Guid? CampaignId { get; init; }

    /// <summary>The content review's verdict, stored with the message.</summary>
    public ContentReview.ContentVerdict? Review { get; init; }

    /// <summary>What the content review reads of this message.</summary>
    public ContentReview.ContentInput ForReview(string? unsubscribeUrl)
    {
        var from = MimeKit.MailboxAddress.Parse(From);
        return new ContentReview.ContentInput(Subject, Html, Text, Stream)
        {
            FromDisplayName = from.Name,
            FromDomain = from.Domain,
            AttachmentNames = [.. Attachments.Select(a => a.Filename)],
            UnsubscribeUrl = unsubscribeUrl,
        };
    }
}
