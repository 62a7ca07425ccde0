using System.Globalization;
using System.Text.Json.Nodes;
using SmartSender.Core.Common;

namespace SmartSender.Core.Contacts.Segments;

/// <summary>What a segment's conditions see of one contact.</summary>
public sealed record SegmentContact(string Email, string? Name, DateTime CreatedAt, JsonObject Fields, IReadOnlySet<Guid> SubscribedLists, IReadOnlySet<Guid> SubscribedTopics);

/// <summary>A segment's conditions, checked against the account's fields, lists and topics and made into one test of a contact.</summary>
public sealed record SegmentTest(Func<SegmentContact, bool> Matches, IReadOnlySet<Guid> Lists, IReadOnlySet<Guid> Topics);

/// <summary>
/// The operators a condition may use, by the type of its field: text (<c>email</c>, <c>name</c> and text fields;
/// compared without regard to case), number, date (<c>created_at</c> and date fields; values <c>yyyy-MM-dd</c>),
/// boolean, and subscriptions (<c>list:&lt;id&gt;</c>, <c>topic:&lt;id&gt;</c>). A missing field meets only
/// <c>is_not_set</c> and the negative operators (<c>not_equals</c>, <c>not_contains</c>).
/// </summary>
public static class SegmentRules
{
    public static readonly IReadOnlyDictionary<string, string[]> OperatorsByType = new Dictionary<string, string[]>
    {
        ["text"] = ["equals", "not_equals", "contains", "not_contains", "starts_with", "ends_with", "is_set", "is_not_set"],
        ["number"] = ["equals", "not_equals", "gt", "gte", "lt", "lte", "is_set", "is_not_set"],
        ["date"] = ["on", "before", "after", "in_last_days", "is_set", "is_not_set"],
        ["boolean"] = ["is_true", "is_false", "is_set", "is_not_set"],
        ["subscription"] = ["subscribed", "not_subscribed"],
    };

    private static readonly string[] NoValue = ["is_set", "is_not_set", "is_true", "is_false", "subscribed", "not_subscribed"];

    /// <summary>Whether an operator compares with a value (<c>equals</c>) or stands alone (<c>is_set</c>).</summary>
    public static bool TakesValue(string op) => !NoValue.Contains(op);

    /// <summary>The type name of a condition's field for <see cref="OperatorsByType"/>; null when the account has no such field.</summary>
    public static string? TypeOf(string field, IReadOnlyDictionary<string, ContactFieldType> fields) => field switch
    {
        "email" or "name" => "text",
        "created_at" => "date",
        _ when field.StartsWith("list:", StringComparison.Ordinal) || field.StartsWith("topic:", StringComparison.Ordinal) => "subscription",
        _ => fields.TryGetValue(field, out var type) ? type.ToString().ToLowerInvariant() : null,
    };

    public static Result<SegmentTest> Compile(
        SegmentMatch match, IReadOnlyList<SegmentCondition> conditions, IReadOnlyDictionary<string, ContactFieldType> fields,
        IReadOnlySet<Guid> lists, IReadOnlySet<Guid> topics, DateTime now)
    {
        if (conditions.Count > Segment.MaxConditions)
        {
            return SegmentErrors.TooManyConditions();
        }

        var tests = new List<Func<SegmentContact, bool>>();
        var usedLists = new HashSet<Guid>();
        var usedTopics = new HashSet<Guid>();
        var errors = new List<Error>();
        for (var i = 0; i < conditions.Count; i++)
        {
            var condition = conditions[i];
            var test = CompileOne(condition, fields, lists, topics, usedLists, usedTopics, now, out var problem);
            if (test is null)
            {
                errors.Add(SegmentErrors.Condition(i, problem!));
            }
            else
            {
                tests.Add(test);
            }
        }

        if (errors.Count > 0)
        {
            return Result<SegmentTest>.Failure(errors);
        }

        Func<SegmentContact, bool> matches = tests.Count == 0 ? _ => true
            : match == SegmentMatch.All ? c => tests.TrueForAll(t => t(c))
            : c => tests.Exists(t => t(c));
        return Result<SegmentTest>.Success(new SegmentTest(matches, usedLists, usedTopics));
    }

    private static Func<SegmentContact, bool>? CompileOne(
        SegmentCondition condition, IReadOnlyDictionary<string, ContactFieldType> fields, IReadOnlySet<Guid> lists, IReadOnlySet<Guid> topics,
        HashSet<Guid> usedLists, HashSet<Guid> usedTopics, DateTime now, out string? problem)
    {
        problem = null;
        var field = condition.Field?.Trim() ?? "";
        var op = condition.Op?.Trim().ToLowerInvariant() ?? "";
        var type = TypeOf(field, fields);
        if (type is null)
        {
            problem = $"there is no field \"{field}\".";
            return null;
        }

        if (!OperatorsByType[type].Contains(op))
        {
            problem = $"\"{op}\" is not an operator for {field}, a {type} field; use one of {string.Join(", ", OperatorsByType[type])}.";
            return null;
        }

        var value = condition.Value?.Trim();
        if (!NoValue.Contains(op) && string.IsNullOrEmpty(value))
        {
            problem = $"\"{op}\" needs a value.";
            return null;
        }

        if (type == "subscription")
        {
            return Subscription(field, op, lists, topics, usedLists, usedTopics, out problem);
        }

        Func<SegmentContact, JsonNode?> read = field switch
        {
            "email" => c => JsonValue.Create(c.Email),
            "name" => c => c.Name is null ? null : JsonValue.Create(c.Name),
            "created_at" => c => JsonValue.Create(c.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            _ => c => c.Fields[field],
        };
        if (op is "is_set" or "is_not_set")
        {
            var set = op == "is_set";
            return c => (read(c) is not null) == set;
        }

        return type switch
        {
            "text" => Text(read, op, value!),
            "number" => Number(read, op, value!, out problem),
            "date" => Date(read, op, value!, now, out problem),
            _ => c => read(c) is JsonValue v && v.TryGetValue<bool>(out var b) && b == (op == "is_true"),
        };
    }

    private static Func<SegmentContact, bool> Text(Func<SegmentContact, JsonNode?> read, string op, string value)
    {
        Func<string, bool> test = op switch
        {
            "equals" or "not_equals" => s => string.Equals(s, value, StringComparison.OrdinalIgnoreCase),
            "contains" or "not_contains" => s => s.Contains(value, StringComparison.OrdinalIgnoreCase),
            "starts_with" => s => s.StartsWith(value, StringComparison.OrdinalIgnoreCase),
            _ => s => s.EndsWith(value, StringComparison.OrdinalIgnoreCase),
        };
        var negated = op.StartsWith("not_", StringComparison.Ordinal);
        return c => read(c)?.ToString() is { } s ? test(s) != negated : negated;
    }

    private static Func<SegmentContact, bool>? Number(Func<SegmentContact, JsonNode?> read, string op, string value, out string? problem)
    {
        problem = null;
        if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var wanted))
        {
            problem = $"\"{value}\" is not a number.";
            return null;
        }

        Func<decimal, bool> test = op switch
        {
            "equals" or "not_equals" => n => n == wanted,
            "gt" => n => n > wanted,
            "gte" => n => n >= wanted,
            "lt" => n => n < wanted,
            _ => n => n <= wanted,
        };
        var negated = op == "not_equals";
        return c => NumberOf(read(c)) is { } n ? test(n) != negated : negated;
    }

    // A number however it came to be held: parsed from JSON, or made from an int, a double or a decimal.
    private static decimal? NumberOf(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
        && decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;

    private static Func<SegmentContact, bool>? Date(Func<SegmentContact, JsonNode?> read, string op, string value, DateTime now, out string? problem)
    {
        problem = null;
        DateOnly wanted;
        if (op == "in_last_days")
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days is < 1 or > 36_500)
            {
                problem = $"\"{value}\" is not a number of days (1 to 36500).";
                return null;
            }

            wanted = DateOnly.FromDateTime(now).AddDays(-days);
        }
        else if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out wanted))
        {
            problem = $"\"{value}\" is not a date (yyyy-MM-dd).";
            return null;
        }

        Func<DateOnly, bool> test = op switch
        {
            "on" => d => d == wanted,
            "before" => d => d < wanted,
            "after" => d => d > wanted,
            _ => d => d >= wanted,
        };
        return c => read(c)?.ToString() is { } s && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && test(d);
    }

    private static Func<SegmentContact, bool>? Subscription(
        string field, string op, IReadOnlySet<Guid> lists, IReadOnlySet<Guid> topics, HashSet<Guid> usedLists, HashSet<Guid> usedTopics, out string? problem)
    {
        problem = null;
        var isList = field.StartsWith("list:", StringComparison.Ordinal);
        if (!Guid.TryParse(field[(field.IndexOf(':') + 1)..], out var id) || !(isList ? lists : topics).Contains(id))
        {
            problem = $"the account has no {(isList ? "list" : "topic")} {field[(field.IndexOf(':') + 1)..]}.";
            return null;
        }

        (isList ? usedLists : usedTopics).Add(id);
        var wanted = op == "subscribed";
        return isList ? c => c.SubscribedLists.Contains(id) == wanted : c => c.SubscribedTopics.Contains(id) == wanted;
    }
}
