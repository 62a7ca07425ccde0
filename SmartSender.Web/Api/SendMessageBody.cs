using System.Text.Json;

namespace SmartSender.Web.Api;

/// <summary>
/// The JSON of <c>POST /api/v1/messages</c>. <see cref="To"/> is read as a string or a list, so that a list of
/// several recipients gets a clear "one recipient only" answer instead of a parse error.
/// </summary>
public record SendMessageBody(string? From, JsonElement? To, string? Subject, string? Text, string? Html)
{
    public IReadOnlyList<string> Recipients() => To switch
    {
        { ValueKind: JsonValueKind.String } s => [s.GetString()!],
        { ValueKind: JsonValueKind.Array } a => [.. a.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())],
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } or null => [],
        { } other => [other.GetRawText()],
    };
}
