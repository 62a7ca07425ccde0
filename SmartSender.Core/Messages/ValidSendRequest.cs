namespace SmartSender.Core.Messages;

/// <summary>A send request that passed <see cref="SendRequestValidator"/>.</summary>
public record ValidSendRequest(string From, string To, string Subject, string? Text, string? Html);
