using System.Text.Json.Serialization;

namespace SmartSender.Web.Api;

/// <summary>
/// An attachment in the send API: file name, MIME type, base64 content; with a content id, an image the HTML shows
/// as <c>&lt;img src="cid:logo"&gt;</c> instead of a download.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public record AttachmentBody(
    string? Filename, [property: JsonPropertyName("content_type")] string? ContentType, string? Content, [property: JsonPropertyName("content_id")] string? ContentId = null);
