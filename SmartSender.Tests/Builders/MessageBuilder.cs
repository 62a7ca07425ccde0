using SmartSender.Core.Messages;

namespace SmartSender.Tests.Builders;

/// <summary>
/// A message as the queue stores it, for tests that write rows themselves: an account's valid send request (a
/// <see cref="SendRequestBuilder"/>'s defaults unless changed), queued at a given time with a fresh tracking token.
/// </summary>
public class MessageBuilder
{
    private readonly SendRequestBuilder _request = new();
    private Guid _account = Guid.NewGuid();
    private DateTime _queuedAt = DateTime.UtcNow;
    private Func<ValidSendRequest, ValidSendRequest> _change = r => r;

    public MessageBuilder For(Guid account) { _account = account; return this; }

    public MessageBuilder QueuedAt(DateTime at) { _queuedAt = at; return this; }

    public MessageBuilder To(string to) { _request.To(to); return this; }

    public MessageBuilder From(string from) { _request.From(from); return this; }

    public MessageBuilder Subject(string subject) { _request.Subject(subject); return this; }

    public MessageBuilder Marketing() { _request.Marketing(); return this; }

    /// <summary>Fields the API would have filled after validation: a template, tags, metadata, a stream.</summary>
    public MessageBuilder With(Func<ValidSendRequest, ValidSendRequest> change) { _change = change; return this; }

    public Message Build() =>
        Message.Queue(_account, _change(_request.BuildValid()), MessageToken.New(new DateTimeOffset(DateTime.SpecifyKind(_queuedAt, DateTimeKind.Utc))), _queuedAt);
}
