using System.Text.Json;
using SmartSender.Core.Common;

namespace SmartSender.Core.Messages;

/// <summary>
/// What a caller asks to send, as it arrived. <see cref="To"/> lists every recipient given, so that more than
/// one can be refused clearly. Either a subject and body, or a <see cref="Template"/> (id or name) with its
/// <see cref="Variables"/>.
/// </summary>
public record SendRequest(string? From, IReadOnlyList<string> To, string? Subject, string? Text, string? Html)
{
    public string? Template { get; init; }

    public JsonElement? Variables { get; init; }

    public string? ReplyTo { get; init; }

    public MessageStream Stream { get; init; } = MessageStream.Transactional;

    /// <summary>Extra headers; those SmartSender sets itself (From, To, DKIM-Signature, Message-ID, …) cannot be given.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>The caller's own key/value data, returned with the message and its events.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>When to send; now when absent.</summary>
    public DateTimeOffset? SendAt { get; init; }

    public IReadOnlyList<AttachmentInput>? Attachments { get; init; }

    /// <summary>Sent with a test-mode key: checked and stored like any message, but it never leaves.</summary>
    public bool Test { get; init; }

    /// <summary>The campaign the message is one of; set by the campaign sender, never by an API caller.</summary>
    public Guid? CampaignId { get; init; }
}
