using System.Text.Json;
using SmartSender.Core.Analytics.Rollups;
using SmartSender.Core.Common;

namespace SmartSender.Core.Messages;

/// <summary>What analytics slice a message's events by, fixed when it was submitted.</summary>
internal sealed record MessageDimensions(Guid AccountId, string Domain, MessageStream Stream, Guid TemplateId, Guid CampaignId, IReadOnlyList<string> Tags)
{
    public static MessageDimensions Of(Message message) => new(
        message.AccountId,
        message.SendingDomain,
        message.Stream,
        message.TemplateId ?? Guid.Empty,
        message.CampaignId ?? Guid.Empty,
        TagsOf(message.TagsJson));

    /// <summary>The empty tag (all mail) first, then each distinct tag once.</summary>
    public IEnumerable<string> TagSlices => Tags.Prepend("");

    public RollupKey KeyOf(MessageEvent e, string tag) => new(
        AccountId, RollupKey.HourOf(e.OccurredAt), tag, e.Type, e.Machine, Domain, e.Provider ?? "", Stream, TemplateId, CampaignId, e.Reason ?? "", e.Link ?? "");

    public static IReadOnlyList<string> TagsOf(string? json) =>
        json is null ? [] : [.. (JsonSerializer.Deserialize<List<string>>(json) ?? []).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)];
}
