namespace SmartSender.Core.Messages;

/// <summary>One page of the message log and the number of messages in all pages.</summary>
public record MessagePage(IReadOnlyList<MessageSummary> Items, int Total);

public record MessageSummary(Guid Id, string From, string To, string Subject, MessageStatus Status, DateTime CreatedAt, DateTime UpdatedAt, string? LastReply);
