namespace SmartSender.Core.Common;

/// <summary>Text from elsewhere (an exception, a server's answer) set into a sentence of ours.</summary>
public static class Prose
{
    /// <summary>The text without its closing full stops, so a sentence that quotes it can end with its own.</summary>
    public static string WithoutFullStop(string? text) => (text ?? "").Trim().TrimEnd('.').TrimEnd();
}
