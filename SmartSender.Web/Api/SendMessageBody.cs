using System.Text.Json;

namespace SmartSender.Web.Api;

/// <summary>
/// The JSON of <c>POST /api/v1/messages</c>. <see cref="To"/> is read as a string or a list, so that a list of
/// several recipients gets a clear "one recipient only" answer instead of a parse error.
/// </summary>
public record SendMessageBody(string? From, JsonElement? To, string? Subject, string? Text, string? Html)
{
    /// <summary>A template's id or name, rendered with <see cref="Variables"/>, instead of subject and body.</summary>
    public string? Template { get; init; }

    public JsonElement? Variables { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("reply_to")]
    public string? ReplyTo { get; init; }

    /// <summary>"transactional" (default) or "marketing".</summary>
    public string? Stream { get; init; }

    public IReadOnlyList<string> Recipients() => To switch
    {
        { ValueKind: JsonValueKind.String } s => [s.GetString()!],
        { ValueKind: JsonValueKind.Array } a => [.. a.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())],
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } or null => [],
        { } other => [other.GetRawText()],
    };
}
