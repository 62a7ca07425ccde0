using SmartSender.Core.Delivery.Wire;
using SmartSender.Core.Delivery.Replies;

namespace SmartSender.Core.Delivery.Smtp;

/// <summary>An open SMTP session with a receiving server, used for one message after another.</summary>
public interface IMailConnection : IAsyncDisposable
{
    /// <summary>The server it talks to, for replies that tell of no conversation.</summary>
    string Server { get; }

    /// <summary>Whether another message can go over it; false once the server hung up or the session broke.</summary>
    bool IsOpen { get; }

    /// <summary>Sends <paramref name="message"/> to its recipient with <paramref name="returnPath"/> as the envelope sender.</summary>
    Task<ReplyVerdict> SendAsync(WireMessage message, string returnPath, CancellationToken ct);
}

/// <summary>A session, or why none could be opened (always a temporary failure: the next try may reach a server).</summary>
public sealed record Connected(IMailConnection? Connection, ReplyVerdict? Failure);
