using SmartSender.Core.Messages;
namespace SmartSender.Core.Retention;

/// <summary>The hourly job that deletes the content of messages past their account's retention.</summary>
public sealed class ContentRetentionJob(ContentRetention retention)
{
    public const string RecurringId = "content-retention";

    public Task<int> RunAsync(CancellationToken ct) => retention.RunAsync(ct);
}
