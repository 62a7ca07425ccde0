namespace SmartSender.Core.Messages;

/// <summary>What a caller asks to send, as it arrived. <see cref="To"/> lists every recipient given, so that more than one can be refused clearly.</summary>
public record SendRequest(string? From, IReadOnlyList<string> To, string? Subject, string? Text, string? Html);
