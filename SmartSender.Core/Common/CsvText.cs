namespace SmartSender.Core.Common;

public static class CsvText
{
    /// <summary>RFC 4180 quoting, and a leading quote for values a spreadsheet would run as a formula.</summary>
    public static string Field(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    public static string Row(params string?[] values) => string.Join(',', values.Select(Field));
}
