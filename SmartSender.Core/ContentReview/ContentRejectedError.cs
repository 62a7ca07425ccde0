using SmartSender.Core.Common;

namespace SmartSender.Core.ContentReview;

/// <summary>The content review refused the message: reason <c>content</c>, with every rule that fired and what it saw.</summary>
public sealed record ContentRejectedError(ContentVerdict Verdict)
    : UnprocessableError("content", Describe(Verdict), "content")
{
    public const string Reason = "content";

    public override string? Title => "The content review refused the message";

    public override IReadOnlyDictionary<string, object?> Details => new Dictionary<string, object?>
    {
        ["score"] = Math.Round(Verdict.Score, 2),
        ["rules"] = Verdict.Hits.Select(h => new { rule = h.Rule, score = h.Score, detail = h.Detail }).ToArray(),
    };

    private static string Describe(ContentVerdict verdict) =>
        $"The message was refused by the content review (score {verdict.Score:0.#}): {string.Join(" ", verdict.Hits.Select(h => $"{h.Rule}: {h.Detail}"))}";
}
