using System.Text.Json;

namespace SmartSender.Core.Contacts.Segments;

/// <summary>Whether a contact must meet every condition of a segment or any one of them.</summary>
public enum SegmentMatch
{
    All,
    Any,
}

/// <summary>
/// A saved part of a list: its subscribed contacts that meet the conditions (on fields, on the address and name, on
/// when they were added, on their subscriptions to other lists and to topics). Evaluated when used, so a campaign
/// started today reaches who meets them today.
/// </summary>
public sealed class Segment
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private Segment()
    {
    }

    public Segment(Guid accountId, string name, Guid listId, SegmentMatch match, IReadOnlyList<SegmentCondition> conditions, DateTime now)
    {
        Id = Guid.CreateVersion7(now);
        AccountId = accountId;
        CreatedAt = now;
        Edit(name, listId, match, conditions);
    }

    public const int NameLength = 100;

    public const int MaxConditions = 20;

    public Guid Id { get; private set; }

    public Guid AccountId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The list whose subscribed contacts the conditions narrow.</summary>
    public Guid ListId { get; private set; }

    public SegmentMatch Match { get; private set; }

    public string ConditionsJson { get; private set; } = "[]";

    public DateTime CreatedAt { get; private set; }

    public IReadOnlyList<SegmentCondition> Conditions => JsonSerializer.Deserialize<List<SegmentCondition>>(ConditionsJson, Json) ?? [];

    public void Edit(string name, Guid listId, SegmentMatch match, IReadOnlyList<SegmentCondition> conditions) =>
        (Name, ListId, Match, ConditionsJson) = (name.Trim(), listId, match, JsonSerializer.Serialize(conditions, Json));
}

/// <summary>
/// One condition: a <see cref="Field"/> (<c>email</c>, <c>name</c>, <c>created_at</c>, a custom field, <c>list:&lt;id&gt;</c>
/// or <c>topic:&lt;id&gt;</c>), an operator that fits its type (see <see cref="SegmentRules"/>), and a value where the operator takes one.
/// </summary>
public sealed record SegmentCondition(string Field, string Op, string? Value = null);
