using SmartSender.Core.Common;

namespace SmartSender.Tests.Common;

public class CsvTextTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    public void Field_QuotesAndNeutralisesALeadingFormula(string value, string expected) =>
        Assert.Equal(expected, CsvText.Field(value));

    [Theory]
    [InlineData("Order;=HYPERLINK(\"http://evil.test\",\"x\")")]
    [InlineData("Order; +cmd|' /C calc'!A0")]
    [InlineData("Order,-2+3")]
    [InlineData("Order\t@SUM(1)")]
    [InlineData("Order\n=1+1")]
    public void Field_AFormulaAfterASemicolonCommaTabOrLineBreak_IsNeutralisedToo(string value)
    {
        var field = CsvText.Field(value);

        // Wherever a spreadsheet may start a cell, the cell never starts with a formula character.
        var cells = field.Trim('"').Split([';', ',', '\t', '\n']).Skip(1).ToList();
        Assert.All(cells, cell => Assert.DoesNotMatch("^\\s*[=+\\-@]", cell));
        Assert.Contains(cells, cell => cell.TrimStart().StartsWith('\''));
    }

    [Fact]
    public void Field_WithASemicolon_IsQuoted_SoASemicolonSeparatedReaderKeepsItInOneCell() =>
        Assert.Equal("\"a;b\"", CsvText.Field("a;b"));
}
