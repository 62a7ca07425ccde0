namespace SmartSender.Core.Common;

/// <summary>An expected failure, returned as a value. <see cref="Field"/> names the input at fault, when there is one.</summary>
public record Error(string Code, string Message, string? Field = null);
