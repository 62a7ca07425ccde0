using SmartSender.Core.Domains;

namespace SmartSender.Tests.Domains;

public class DomainNameNormalizerTests
{
    [Theory]
    [InlineData("Example.COM", "example.com")]
    [InlineData("  mail.example.com.  ", "mail.example.com")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("münchen.de", "xn--mnchen-3ya.de")]
    public void Normalize_ValidNames_AreLowerCasePunycodeWithoutTrailingDot(string input, string expected)
    {
        Assert.Equal(expected, DomainNameNormalizer.Normalize(input).Value);
    }

    [Theory]
    [InlineData("ann@example.com")]
    [InlineData("https://example.com")]
    [InlineData("example.com/path")]
    [InlineData("localhost")]
    [InlineData("exa mple.com")]
    [InlineData("-bad.example.com")]
    [InlineData("example..com")]
    [InlineData("1.2.3.4")]
    [InlineData("under_score.example.com")]
    public void Normalize_NotADomain_IsRefusedWithAnExample(string input)
    {
        var error = Assert.Single(DomainNameNormalizer.Normalize(input).Errors);

        Assert.Equal("domain_invalid", error.Code);
        Assert.Contains("e.g. example.com", error.Message);
    }

    [Fact]
    public void Normalize_Empty_AsksForTheDomain()
    {
        Assert.Equal("domain_required", Assert.Single(DomainNameNormalizer.Normalize(" ").Errors).Code);
    }
}
