using System.Text.Json;
using SmartSender.Core.Messages;

namespace SmartSender.Web.Api;

public record MessageAccepted(Guid Id, string Status);

public record MessageEventView(string Type, DateTime OccurredAt, string? Detail, string Source, bool Machine);

public record MessageView(
    Guid Id, string From, string To, string Subject, string Stream, Guid? TemplateVersionId, string Status, int Attempts, string? LastReply, DateTime CreatedAt,
    DateTime? SendAt, IReadOnlyList<string> Tags, IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<MessageEventView> Events)
{
    /// <summary>The content review's score when the message was queued, and the rules that fired.</summary>
    public ContentReviewView? ContentReview { get; init; }

    /// <summary>True while the message waits for a retry after the receiving server deferred it.</summary>
    public bool Deferred { get; init; }

    /// <summary>When the next delivery attempt is due, while the message is queued.</summary>
    public DateTime? NextAttemptAt { get; init; }

    /// <summary>Test mail (a test-mode key's, or to the mailbox simulator): it never left, its outcome was simulated.</summary>
    public bool Test { get; init; }

    /// <summary>When the message's bodies and attachments were deleted (the account's retention, or the recipient's erasure); null while they are kept.</summary>
    public DateTime? ContentRemovedAt { get; init; }

    public static MessageView Of(Message m) => new(
        m.Id, m.From, m.To, m.Subject, m.Stream.ToString().ToLowerInvariant(), m.TemplateVersionId, m.Status.ToString(), m.Attempts, m.LastReply, m.CreatedAt,
        m.SendAt, m.TagsJson is null ? [] : JsonSerializer.Deserialize<string[]>(m.TagsJson)!,
        m.MetadataJson is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(m.MetadataJson)!,
        [.. m.Events.Select(e => new MessageEventView(e.Type.ToString(), e.OccurredAt, e.Detail, e.Source.ToString(), e.Machine))])
    {
        ContentReview = new ContentReviewView(Math.Round(m.ContentScore, 2), ContentReviewView.HitsOf(m.ContentHitsJson)),
        Deferred = m.IsDeferred,
        NextAttemptAt = m.Status == MessageStatus.Queued ? m.NextAttemptAt : null,
        Test = m.Test,
        ContentRemovedAt = m.ContentRemovedAt,
    };
}

public record ContentReviewView(double Score, IReadOnlyList<Core.ContentReview.RuleHit> Rules)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<Core.ContentReview.RuleHit> HitsOf(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<Core.ContentReview.RuleHit[]>(json, Json) ?? [];
}

/// <summary>A page of the message log and the cursor of the next, null at the end.</summary>
public record MessageListView(IReadOnlyList<MessageListItem> Items, [property: System.Text.Json.Serialization.JsonPropertyName("next_cursor")] string? NextCursor);

public record MessageListItem(
    Guid Id, string From, string To, string Subject, string Status, string Stream, string Domain, Guid? TemplateId, IReadOnlyList<string> Tags,
    int Attempts, bool Deferred, DateTime? NextAttemptAt, string? LastReply, DateTime CreatedAt, DateTime UpdatedAt, bool Test)
{
    public static MessageListItem Of(MessageSummary m) => new(
        m.Id, m.From, m.To, m.Subject, m.Status.ToString(), m.Stream.ToString().ToLowerInvariant(), m.Domain, m.TemplateId, m.Tags,
        m.Attempts, m.Deferred, m.Status == MessageStatus.Queued ? m.NextAttemptAt : null, m.LastReply, m.CreatedAt, m.UpdatedAt, m.Test);
}

/// <summary>What was stored of a message: its subject, bodies and the MIME source SmartSender writes from them.</summary>
public record MessageContentView(Guid Id, string Subject, string? Html, string? Text, string Source);

[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public record RescheduleBody([property: System.Text.Json.Serialization.JsonPropertyName("send_at")] DateTimeOffset? SendAt);
