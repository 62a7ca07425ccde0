using SmartSender.Core.Common;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Tracking;

/// <summary>One request to the tracking host, as it came: which message, what kind, and who asked.</summary>
public sealed record TrackingHit(string Token, MessageEventType Type, string? Url, string? UserAgent, string? RemoteIp, bool Head, DateTime At);
