using SmartSender.Core.Domains;

namespace SmartSender.Tests.Domains;

public class PublicMailboxDomainsTests
{
    [Theory]
    [InlineData("gmail.com")]
    [InlineData("googlemail.com")]
    [InlineData("outlook.com")]
    [InlineData("hotmail.com")]
    [InlineData("hotmail.co.uk")]
    [InlineData("live.com")]
    [InlineData("yahoo.com")]
    [InlineData("yahoo.co.jp")]
    [InlineData("aol.com")]
    [InlineData("icloud.com")]
    [InlineData("gmx.de")]
    [InlineData("gmx.net")]
    [InlineData("mail.ru")]
    [InlineData("yandex.ru")]
    [InlineData("yandex.com.tr")]
    [InlineData("proton.me")]
    [InlineData("GMAIL.COM")]
    [InlineData("mx.gmail.com")]
    public void IsPublic_PublicMailboxProviders_AreRecognised(string domain) => Assert.True(PublicMailboxDomains.IsPublic(domain));

    [Theory]
    [InlineData("example.com")]
    [InlineData("shop.example.com")]
    [InlineData("gmail-fans.org")]
    [InlineData("yahoo.example.com")]
    [InlineData("mygmx.de")]
    [InlineData("live.example.org")]
    public void IsPublic_OwnDomains_AreNot(string domain) => Assert.False(PublicMailboxDomains.IsPublic(domain));
}
