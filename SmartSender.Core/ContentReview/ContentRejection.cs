namespace SmartSender.Core.ContentReview;

/// <summary>
/// A message the content review refused. The message itself is not stored (a refusal leaves nothing queued); this
/// row counts it as a failed content review for the account's reputation, and says which rules fired.
/// </summary>
public class ContentRejection
{
    private ContentRejection()
    {
    }

    public ContentRejection(Guid accountId, ContentVerdict verdict, DateTime at)
    {
        Id = Guid.CreateVersion7(at);
        AccountId = accountId;
        Score = verdict.Score;
        Rules = string.Join(',', verdict.Hits.Select(h => h.Rule));
        At = at;
    }

    public Guid Id { get; private set; }

    public Guid AccountId { get; private set; }

    public double Score { get; private set; }

    /// <summary>The names of the rules that fired, comma-separated.</summary>
    public string Rules { get; private set; } = "";

    public DateTime At { get; private set; }
}
