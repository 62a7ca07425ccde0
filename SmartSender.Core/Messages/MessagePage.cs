using SmartSender.Core.Common;
namespace SmartSender.Core.Messages;

/// <summary>One page of the message log and the number of messages in all pages, or <see cref="MessageLog.CountLimit"/> and <c>More</c> when there are more.</summary>
public record MessagePage(IReadOnlyList<MessageSummary> Items, int Total, bool More = false);

public record MessageSummary(Guid Id, string From, string To, string Subject, MessageStatus Status, DateTime CreatedAt, DateTime UpdatedAt, string? LastReply)
{
    public string Domain { get; init; } = "";

    /// <summary>The mailbox provider of its lane, once routed.</summary>
    public string? Provider { get; init; }

    public MessageStream Stream { get; init; }

    public Guid? TemplateId { get; init; }

    public string? TagsJson { get; init; }

    /// <summary>Delivery attempts so far; a queued message with any was deferred.</summary>
    public int Attempts { get; init; }

    public DateTime NextAttemptAt { get; init; }

    /// <summary>Test mail: never sent, its outcome simulated.</summary>
    public bool Test { get; init; }

    /// <summary>Queued again after the receiving server deferred it, until <see cref="NextAttemptAt"/>.</summary>
    public bool Deferred => Status == MessageStatus.Queued && Attempts > 0;

    public IReadOnlyList<string> Tags => TagsJson is null ? [] : System.Text.Json.JsonSerializer.Deserialize<List<string>>(TagsJson) ?? [];
}
