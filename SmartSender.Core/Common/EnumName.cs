namespace SmartSender.Core.Common;

/// <summary>Reads an enum member from its name as people and programs write it: any case; numbers and unknown names are not members.</summary>
public static class EnumName
{
    /// <summary>The member named <paramref name="value"/>, or null for null, blank or a name that is not a member.</summary>
    public static T? Parse<T>(string? value)
        where T : struct, Enum =>
        !string.IsNullOrWhiteSpace(value) && !char.IsAsciiDigit(value.Trim()[0]) && Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : null;
}
