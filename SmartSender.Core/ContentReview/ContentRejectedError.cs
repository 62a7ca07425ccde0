using SmartSender.Core.Common;

namespace SmartSender.Core.ContentReview;

/// <summary>The content review refused the message: reason <c>content</c>, with every rule that fired and what it saw.</summary>
public sealed record ContentRejectedError(ContentVerdict Verdict)
    : Error("content", Describe(Verdict), "content")
{
    public const string Reason = "content";

    private static string Describe(ContentVerdict verdict) =>
        $"The message was refused by the content review (score {verdict.Score:0.#}): {string.Join(" ", verdict.Hits.Select(h => $"{h.Rule}: {h.Detail}"))}";
}
