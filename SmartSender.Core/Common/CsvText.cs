using System.Text.RegularExpressions;

namespace SmartSender.Core.Common;

public static partial class CsvText
{
    /// <summary>
    /// RFC 4180 quoting, and a leading quote for values a spreadsheet would run as a formula. A spreadsheet that splits
    /// rows at semicolons or tabs (as many locales do) starts a cell after each of them, and so after a comma where
    /// it reads the file that way: a formula character there is quoted too.
    /// </summary>
    public static string Field(string? value)
    {
        value ??= "";
        if (value.Length > 0 && IsFormulaStart(value[0]))
        {
            value = "'" + value;
        }

        value = FormulaAfterSeparator().Replace(value, "$1'$2");
        return value.IndexOfAny([',', ';', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    public static string Row(params string?[] values) => string.Join(',', values.Select(Field));

    private static bool IsFormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    [GeneratedRegex("([;,\\t\\r\\n]\\s*)([=+\\-@])")]
    private static partial Regex FormulaAfterSeparator();
}
