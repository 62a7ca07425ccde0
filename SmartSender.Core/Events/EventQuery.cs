using SmartSender.Core.Common;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Events;

/// <summary>Filters of the event log; every one optional. <paramref name="Before"/> is the cursor: the id of the last event of the previous page.</summary>
public sealed record EventQuery(
    IReadOnlyList<MessageEventType>? Types = null, Guid? MessageId = null, string? Recipient = null, DateTime? From = null, DateTime? To = null,
    long? Before = null, int Limit = 50);

/// <summary>One event with what identifies its message.</summary>
public sealed record EventRecord(
    long Id, Guid MessageId, string Recipient, MessageEventType Type, EventSource Source, bool Machine, DateTime OccurredAt, string? Detail);

/// <summary>A page of events, newest first; <paramref name="Next"/> is the cursor of the next page, null on the last.</summary>
public sealed record EventPage(IReadOnlyList<EventRecord> Items, long? Next);
