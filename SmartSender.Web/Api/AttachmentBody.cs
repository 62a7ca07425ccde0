using System.Text.Json.Serialization;

namespace SmartSender.Web.Api;

/// <summary>An attachment in the send API: file name, MIME type, base64 content.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public record AttachmentBody(string? Filename, [property: JsonPropertyName("content_type")] string? ContentType, string? Content);
