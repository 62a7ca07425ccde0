using SmartSender.Core.Common;
using SmartSender.Tests.EndToEnd;

namespace SmartSender.Tests.Common;

public class ProseTests
{
    [Theory]
    [InlineData("The SSL connection could not be established, see inner exception.", "The SSL connection could not be established, see inner exception")]
    [InlineData("HTTP 500 Internal error ..  ", "HTTP 500 Internal error")]
    [InlineData("Connection refused (127.0.0.1:443)", "Connection refused (127.0.0.1:443)")]
    [InlineData(null, "")]
    public void WithoutFullStop_LeavesTheClosingFullStopToTheSentenceAroundIt(string? text, string expected) =>
        Assert.Equal(expected, Prose.WithoutFullStop(text));

    [Fact]
    public void ASentenceQuotingAnErrorMessage_ReadsWithOneFullStop()
    {
        var error = "The SSL connection could not be established, see inner exception.";

        Assert.NotEmpty(Proofread.Faults($"It is failing: {error}. Deliveries go on."));
        Assert.Empty(Proofread.Faults($"It is failing: {Prose.WithoutFullStop(error)}. Deliveries go on."));
    }

    [Theory]
    [InlineData("Sent to ann@example.test.The next one", true)]
    [InlineData("Saved,Then", true)]
    [InlineData("Use e.g. ASP.NET, Node.js or acme.test… and wait...", false)]
    public void Proofread_FindsARunOnSentence_AndLeavesAbbreviationsNamesAndEllipses(string text, bool faulty) =>
        Assert.Equal(faulty, Proofread.Faults(text).Count > 0);
}
