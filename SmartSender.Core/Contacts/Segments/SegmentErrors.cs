using SmartSender.Core.Common;

namespace SmartSender.Core.Contacts.Segments;

public static class SegmentErrors
{
    public static Error NotFound() => new NotFoundError("segment_not_found", "The account has no such segment.");

    public static Error NameRequired() => new("segment_name_required", $"A segment needs a name of at most {Segment.NameLength} characters.", "name");

    public static Error NameTaken(string name) => new UnprocessableError("segment_name_taken", $"The account already has a segment named \"{name}\".", "name");

    public static Error MatchUnknown() => new("segment_match_unknown", "match must be all or any.", "match");

    public static Error TooManyConditions() => new("segment_conditions_too_many", $"A segment has at most {Segment.MaxConditions} conditions.", "conditions");

    public static Error Condition(int index, string problem) => new("segment_condition_invalid", $"Condition {index + 1}: {problem}", $"conditions[{index}]");

    public static Error InUse() => new UnprocessableError("segment_in_use", "A campaign that is not sent or cancelled goes to this segment; change or cancel that campaign first.");
}
