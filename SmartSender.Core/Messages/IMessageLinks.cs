namespace SmartSender.Core.Messages;

/// <summary>
/// The links a message carries back to SmartSender, as composing needs them: its unsubscribe URL, on the sending
/// domain's tracking host or the global one. Tracking builds them (<see cref="Tracking.MessageLinks"/>).
/// </summary>
public interface IMessageLinks
{
    /// <summary>Whether a domain's verified tracking host carries its links.</summary>
    bool UsesDomainHosts { get; }

    string UnsubscribeUrl(string token, string? host = null);
}
