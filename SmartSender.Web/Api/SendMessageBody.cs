using System.Text.Json;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Web.Auth;

namespace SmartSender.Web.Api;

/// <summary>
/// The JSON of <c>POST /api/v1/messages</c>. <see cref="To"/> is read as a string or a list, so that a list of
/// several recipients gets a clear "one recipient only" answer instead of a parse error.
/// </summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public record SendMessageBody(string? From, JsonElement? To, string? Subject, string? Text, string? Html)
{
    /// <summary>A template's id or name, rendered with <see cref="Variables"/>, instead of subject and body.</summary>
    public string? Template { get; init; }

    public JsonElement? Variables { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("reply_to")]
    public string? ReplyTo { get; init; }

    /// <summary>"transactional" (default) or "marketing".</summary>
    public string? Stream { get; init; }

    public Dictionary<string, string>? Headers { get; init; }

    public AttachmentBody[]? Attachments { get; init; }

    /// <summary>When to send (ISO 8601 with an offset); now when absent.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("send_at")]
    public DateTimeOffset? SendAt { get; init; }

    public string[]? Tags { get; init; }

    public Dictionary<string, JsonElement>? Metadata { get; init; }

    /// <summary>Metadata values as text: strings as they are, numbers and booleans as written.</summary>
    public IReadOnlyDictionary<string, string>? MetadataAsText() =>
        Metadata?.ToDictionary(m => m.Key, m => m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : m.Value.GetRawText());

    /// <summary>
    /// The request as the send rules read it; refused here when the stream is not one, or when the caller's key may
    /// not send from this From domain (403, whatever else is wrong).
    /// </summary>
    public Result<SendRequest> ToRequest(System.Security.Claims.ClaimsPrincipal caller)
    {
        var stream = EnumName.Parse<MessageStream>(Stream);
        if (!string.IsNullOrWhiteSpace(Stream) && stream is null)
        {
            return MessageErrors.StreamInvalid(Stream);
        }

        if (caller.KeyDomains() is { Count: > 0 } domains && !Core.ApiKeys.ApiKeyLimits.AllowsSender(domains, From))
        {
            return new ForbiddenError("outside_key_domains", $"This key may only send from {string.Join(", ", domains)}.", "from") { Title = "Outside the key's sending domains" };
        }

        return Result<SendRequest>.Success(new SendRequest(From, Recipients(), Subject, Text, Html)
        {
            Template = Template,
            Variables = Variables,
            ReplyTo = ReplyTo,
            Stream = stream ?? MessageStream.Transactional,
            Headers = Headers,
            Tags = Tags,
            Metadata = MetadataAsText(),
            SendAt = SendAt,
            Attachments = Attachments?.Select(a => new AttachmentInput(a.Filename, a.ContentType, a.Content) { ContentId = a.ContentId }).ToList(),
            Test = caller.KeyIsTest(),
        });
    }

    public IReadOnlyList<string> Recipients() => To switch
    {
        { ValueKind: JsonValueKind.String } s => [s.GetString()!],
        { ValueKind: JsonValueKind.Array } a => [.. a.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())],
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } or null => [],
        { } other => [other.GetRawText()],
    };
}
