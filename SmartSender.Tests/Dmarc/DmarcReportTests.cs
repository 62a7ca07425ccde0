using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using SmartSender.Core.Dmarc;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Dmarc;

/// <summary>
/// DMARC aggregate reports mailed to the running app's inbound SMTP listener on 127.0.0.1, as receivers send them to the
/// <c>rua</c> address the domain page recommends: real reporters' samples, and reports made to hurt.
/// </summary>
[Collection(AppCollection.Name)]
public class DmarcReportTests : IAsyncLifetime
{
    private SmartSenderApp _app = default!;
    private Guid _account;

    public async Task InitializeAsync()
    {
        _app = new SmartSenderApp();
        _app.Settings["Dmarc:MaxUncompressedBytes"] = "1000000";
        _account = (await _app.CreateAdminAsync()).Id;
        await _app.InboundStartedAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheRecommendedRecord_SendsReportsToAnAddressTheListenerTakes()
    {
        using var api = _app.CreateApiClient(await _app.CreateApiKeyAsync(_account));
        var domain = await _app.VerifyDomainAsync(_account, "borschow.com");
        var dmarc = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/domains/{domain.Id}")).GetProperty("records").EnumerateArray()
            .Single(r => r.GetProperty("kind").GetString() == "Dmarc").GetProperty("value").GetString();
        Assert.Equal("v=DMARC1; p=none; rua=mailto:dmarc@bounces.borschow.com", dmarc);

        // Google's report, as mailed, with its zip attachment.
        await SendAsync(MimeMessage.Load(AggregateReportXmlTests.Sample("google.com!borschow.com!1549929600!1550015999.eml")), "dmarc@bounces.borschow.com");

        var stored = await _app.WithDbAsync(db => db.DmarcReports.Include(r => r.Rows).AsNoTracking().SingleAsync());
        Assert.Equal((domain.Id, "google.com", "949348866075514174", "reject"), (stored.SendingDomainId, stored.OrgName, stored.ReportId, stored.Policy));
        var row = Assert.Single(stored.Rows);
        Assert.Equal(("92.53.116.102", 1L, "reject", false), (row.SourceIp, row.Count, row.Disposition, row.Passes));

        // The same report again (a receiver retries): stored once.
        await SendAsync(MimeMessage.Load(AggregateReportXmlTests.Sample("google.com!borschow.com!1549929600!1550015999.eml")), "dmarc@bounces.borschow.com");
        Assert.Equal(1, await _app.WithDbAsync(db => db.DmarcReports.CountAsync()));
    }

    [Fact]
    public async Task GzippedAndPlainXmlReports_AreStored_AndOneForADomainNoAccountOwns_IsTakenButNotKept()
    {
        await _app.VerifyDomainAsync(_account, "example.com");
        var outlook = File.ReadAllBytes(AggregateReportXmlTests.Sample("outlook.com!example.com!1711756800!1711843200.xml"));
        await SendAsync(AggregateReportXmlTests.WithAttachment(Gzip(outlook), "application/gzip", "outlook.com!example.com!1711756800!1711843200.xml.gz"), "dmarc@bounces.example.com");
        var bis = File.ReadAllBytes(AggregateReportXmlTests.Sample("dmarcbis-example.net!example.com!1700000000!1700086399.xml"));
        await SendAsync(AggregateReportXmlTests.WithAttachment(bis, "text/xml", "dmarcbis.xml"), "dmarc@bounces.smartsender.local");

        var stranger = Encoding.UTF8.GetString(outlook).Replace("<domain>example.com</domain>", "<domain>nobody.example</domain>");
        await SendAsync(AggregateReportXmlTests.WithAttachment(Encoding.UTF8.GetBytes(stranger), "text/xml", "r.xml"), "dmarc@bounces.example.com");

        var reports = await _app.WithDbAsync(db => db.DmarcReports.AsNoTracking().Select(r => r.OrgName).OrderBy(n => n).ToListAsync());
        Assert.Equal(["Outlook.com", "example.net"], reports);
    }

    [Fact]
    public async Task MalformedAndZipBombReports_AreRefusedWithTheReason_NothingIsStored_AndTheListenerGoesOn()
    {
        await _app.VerifyDomainAsync(_account, "example.com");

        var malformed = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(
            AggregateReportXmlTests.WithAttachment(File.ReadAllBytes(AggregateReportXmlTests.Sample("invalid_xml.xml")), "text/xml", "invalid.xml"), "dmarc@bounces.example.com"));
        Assert.Equal(SmtpStatusCode.TransactionFailed, malformed.StatusCode);
        Assert.StartsWith("5.6.0 DMARC report refused: the report is not well-formed XML", malformed.Message);

        var bomb = new MemoryStream();
        using (var archive = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = await archive.CreateEntry("example.net!example.com!1!2.xml", CompressionLevel.SmallestSize).OpenAsync();
            await entry.WriteAsync(new byte[40 << 20]);
        }

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(
            AggregateReportXmlTests.WithAttachment(bomb.ToArray(), "application/zip", "example.net!example.com!1!2.zip"), "dmarc@bounces.example.com"));
        Assert.Equal("5.6.0 DMARC report refused: the report is larger than 1000000 bytes uncompressed", refused.Message);

        var oversized = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(
            AggregateReportXmlTests.WithAttachment(Encoding.UTF8.GetBytes("<feedback>" + new string(' ', 1_100_000) + "</feedback>"), "text/xml", "big.xml"), "dmarc@bounces.example.com"));
        Assert.Equal("5.6.0 DMARC report refused: the report is larger than 1000000 bytes uncompressed", oversized.Message);
        Assert.Equal(0, await _app.WithDbAsync(db => db.DmarcReports.CountAsync()));

        // The listener is still there, and still reads reports.
        await SendAsync(AggregateReportXmlTests.WithAttachment(
            File.ReadAllBytes(AggregateReportXmlTests.Sample("outlook.com!example.com!1711756800!1711843200.xml")), "text/xml", "r.xml"), "dmarc@bounces.example.com");
        Assert.Equal(1, await _app.WithDbAsync(db => db.DmarcReports.CountAsync()));
    }

    [Fact]
    public async Task TheSummary_SaysWhichSourcesAreOurs_WhoElseSendsAsTheDomain_AndWhenOurMailFails()
    {
        using var api = _app.CreateApiClient(await _app.CreateApiKeyAsync(_account));
        var domain = await _app.VerifyDomainAsync(_account, "shop.test");
        _app.Dns.Add("10.113.0.203.in-addr.arpa", TestDnsRecord.Ptr("mail.spoofer.example"));
        await SendAsync(AggregateReportXmlTests.WithAttachment(Gzip(RecentReport("shop.test")), "application/gzip", "google.com!shop.test!1!2.xml.gz"), "dmarc@bounces.shop.test");

        var summary = await api.GetFromJsonAsync<JsonElement>($"/api/v1/domains/{domain.Id}/dmarc?days=7");

        Assert.Equal(48, summary.GetProperty("messages").GetInt64());
        Assert.Equal(40, summary.GetProperty("passed").GetInt64());
        var sources = summary.GetProperty("sources").EnumerateArray().ToList();
        var ours = sources.Single(s => s.GetProperty("ip").GetString() == SmartSenderApp.SendingIp);
        Assert.True(ours.GetProperty("ours").GetBoolean());
        Assert.Equal((43, 40, 3), (ours.GetProperty("messages").GetInt64(), ours.GetProperty("passed").GetInt64(), ours.GetProperty("failed").GetInt64()));
        var spoofer = sources.Single(s => s.GetProperty("ip").GetString() == "203.0.113.10");
        Assert.False(spoofer.GetProperty("ours").GetBoolean());
        Assert.Equal("mail.spoofer.example", spoofer.GetProperty("reverseName").GetString());
        var warnings = summary.GetProperty("warnings").EnumerateArray().Select(w => (w.GetProperty("kind").GetString(), w.GetProperty("ip").GetString())).ToList();
        Assert.Equal([("own_mail_fails", SmartSenderApp.SendingIp), ("unknown_source", "203.0.113.10")], warnings);
        Assert.Single(summary.GetProperty("days").EnumerateArray());

        var outOfRange = await api.GetAsync($"/api/v1/domains/{domain.Id}/dmarc?days=0");
        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/domains/{Guid.NewGuid()}/dmarc")).StatusCode);
    }

    /// <summary>A report of yesterday in the RFC 7489 format: SmartSender's IP passing and failing, and a stranger failing.</summary>
    public static byte[] RecentReport(string domain)
    {
        var begin = DateTimeOffset.UtcNow.Date.AddDays(-1);
        static string Row(string ip, int count, string dkim, string spf, string disposition) => $"""
            <record><row><source_ip>{ip}</source_ip><count>{count}</count><policy_evaluated><disposition>{disposition}</disposition><dkim>{dkim}</dkim><spf>{spf}</spf></policy_evaluated></row>
            <identifiers><header_from>DOMAIN</header_from></identifiers><auth_results><spf><domain>bounces.DOMAIN</domain><result>{spf}</result></spf></auth_results></record>
            """;
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8" ?>
            <feedback><report_metadata><org_name>google.com</org_name><email>noreply-dmarc-support@google.com</email><report_id>{Guid.NewGuid():N}</report_id>
            <date_range><begin>{new DateTimeOffset(begin).ToUnixTimeSeconds()}</begin><end>{new DateTimeOffset(begin).AddDays(1).ToUnixTimeSeconds() - 1}</end></date_range></report_metadata>
            <policy_published><domain>{domain}</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><pct>100</pct></policy_published>
            {Row(SmartSenderApp.SendingIp, 40, "pass", "pass", "none")}
            {Row(SmartSenderApp.SendingIp, 3, "fail", "fail", "none")}
            {Row("203.0.113.10", 5, "fail", "fail", "none")}
            </feedback>
            """.Replace("DOMAIN", domain);
        return Encoding.UTF8.GetBytes(xml);
    }

    private static byte[] Gzip(byte[] bytes)
    {
        var gzip = new MemoryStream();
        using (var compressor = new GZipStream(gzip, CompressionLevel.Optimal, leaveOpen: true))
        {
            compressor.Write(bytes);
        }

        return gzip.ToArray();
    }

    private async Task SendAsync(MimeMessage report, string recipient)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", _app.InboundPort, MailKit.Security.SecureSocketOptions.None);
        await client.SendAsync(report, new MailboxAddress("", "noreply-dmarc-support@google.com"), [MailboxAddress.Parse(recipient)]);
        await client.DisconnectAsync(true);
    }
}
