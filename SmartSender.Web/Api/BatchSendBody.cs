using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace SmartSender.Web.Api;

/// <summary>
/// The JSON of <c>POST /api/v1/messages/batch</c>: up to 500 <see cref="Messages"/>, each what a single send takes,
/// to one recipient. <see cref="From"/>, <see cref="Template"/>, <see cref="Stream"/> and <see cref="SendAt"/> given
/// here hold for every message that does not give its own.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public record BatchSendBody(IReadOnlyList<SendMessageBody>? Messages)
{
    public string? From { get; init; }

    /// <summary>A template's id or name for every message; each gives its own variables.</summary>
    public string? Template { get; init; }

    public string? Stream { get; init; }

    [JsonPropertyName("send_at")]
    public DateTimeOffset? SendAt { get; init; }

    /// <summary>The message at <paramref name="index"/> with what the batch gives for all.</summary>
    public SendMessageBody Item(int index)
    {
        var item = Messages![index];
        return item with { From = item.From ?? From, Template = item.Template ?? Template, Stream = item.Stream ?? Stream, SendAt = item.SendAt ?? SendAt };
    }
}

/// <summary>What became of a batch: how many messages were accepted and refused, and each item's result in the order given.</summary>
public record BatchAccepted(int Accepted, int Refused, IReadOnlyList<BatchItemResult> Items);

/// <summary>One item of a batch: its message's id and status when accepted, or the problem details a single send would have answered with.</summary>
public record BatchItemResult(int Index, string? To, Guid? Id, string? Status, HttpValidationProblemDetails? Error);
