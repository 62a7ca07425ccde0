using System.IO.Compression;
using System.Text;
using MimeKit;
using SmartSender.Core.Dmarc;

namespace SmartSender.Tests.Dmarc;

/// <summary>Real reporters' aggregate reports (Samples/README.md says whose), and reports built to break a reader.</summary>
public sealed class AggregateReportXmlTests
{
    private static readonly DmarcOptions Limits = new() { MaxUncompressedBytes = 1_000_000, MaxRecords = 100 };

    public static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "Dmarc", "Samples", name);

    [Fact]
    public void OutlooksReport_WithSchemaNamespacesDeclared_IsRead()
    {
        var report = Parse(File.ReadAllBytes(Sample("outlook.com!example.com!1711756800!1711843200.xml")));

        Assert.Equal("Outlook.com", report.OrgName);
        Assert.Equal("cfeafefe4129445e8c81018bd9177197", report.ReportId);
        Assert.Equal("example.com", report.Domain);
        Assert.Equal(new DateTime(2024, 3, 30, 0, 0, 0, DateTimeKind.Utc), report.Begin);
        Assert.Equal("none", report.Policy);
        var row = Assert.Single(report.Rows);
        Assert.Equal(("100.24.188.149", 1L, false, false), (row.SourceIp, row.Count, row.DkimAligned, row.SpfAligned));
        Assert.Equal("example.com fail", row.SpfResults);
        Assert.Null(row.DkimResults);
    }

    [Fact]
    public void ADmarcbisReport_WithAReasonAndNewPolicyFields_IsRead()
    {
        var report = Parse(File.ReadAllBytes(Sample("dmarcbis-example.net!example.com!1700000000!1700086399.xml")));

        Assert.Equal("reject", report.Policy);
        Assert.Equal(2, report.Rows.Count);
        Assert.True(report.Rows[0].Passes);
        Assert.Equal("example.com (selector1) pass", report.Rows[0].DkimResults);
        Assert.Equal(("203.0.113.10", 2L, "reject", false), (report.Rows[1].SourceIp, report.Rows[1].Count, report.Rows[1].Disposition, report.Rows[1].Passes));
    }

    [Fact]
    public void StrayTextBetweenElements_AndEmptyAuthResults_AreTolerated()
    {
        var report = Parse(File.ReadAllBytes(Sample("example.net!example.com!1529366400!1529452799.xml")));

        var row = Assert.Single(report.Rows);
        Assert.Equal("199.230.200.36", row.SourceIp);
        Assert.Null(row.SpfResults);
    }

    [Fact]
    public void GooglesMailedReport_ItsZipAttachment_IsFoundAndRead()
    {
        var message = MimeMessage.Load(Sample("google.com!borschow.com!1549929600!1550015999.eml"));

        var (documents, error) = ReportDocuments.Extract(message, Limits);

        Assert.Null(error);
        var report = Parse(Assert.Single(documents));
        Assert.Equal(("google.com", "949348866075514174", "borschow.com", "reject"), (report.OrgName, report.ReportId, report.Domain, report.Policy));
        Assert.Equal("92.53.116.102", Assert.Single(report.Rows).SourceIp);
    }

    [Fact]
    public void AReportInTheDmarcbisNamespace_IsRead()
    {
        var xml = File.ReadAllText(Sample("dmarcbis-example.net!example.com!1700000000!1700086399.xml"))
            .Replace("<feedback>", "<feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\">");

        Assert.Equal(2, Parse(Encoding.UTF8.GetBytes(xml)).Rows.Count);
    }

    [Fact]
    public void MalformedXml_IsRefused_SayingSo()
    {
        var (report, error) = AggregateReportXml.Parse(File.OpenRead(Sample("invalid_xml.xml")), Limits);

        Assert.Null(report);
        Assert.StartsWith("the report is not well-formed XML", error);
    }

    [Theory]
    [InlineData("<!DOCTYPE feedback [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><feedback><report_metadata><org_name>&b;</org_name></report_metadata></feedback>")]
    [InlineData("<!DOCTYPE feedback [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><feedback><report_metadata><org_name>&x;</org_name></report_metadata></feedback>")]
    public void ADocumentTypeDeclaration_EntityExpansionOrExternal_IsRefused(string xml)
    {
        var (report, error) = AggregateReportXml.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml)), Limits);

        Assert.Null(report);
        Assert.StartsWith("the report is not well-formed XML", error);
    }

    [Fact]
    public void OtherXml_AndAReportWithoutItsEssentials_AreRefused()
    {
        Assert.Equal("the document is no DMARC aggregate report (its root is <html>, not <feedback>)",
            AggregateReportXml.Parse(new MemoryStream("<html><body/></html>"u8.ToArray()), Limits).Error);
        Assert.Equal("the report lacks its reporter, report id, period or domain",
            AggregateReportXml.Parse(new MemoryStream("<feedback><report_metadata><org_name>x</org_name></report_metadata></feedback>"u8.ToArray()), Limits).Error);
    }

    [Fact]
    public void MoreRecordsThanTheLimit_AreRefused()
    {
        var xml = File.ReadAllText(Sample("outlook.com!example.com!1711756800!1711843200.xml"));
        var record = xml[xml.IndexOf("<record>", StringComparison.Ordinal)..(xml.IndexOf("</record>", StringComparison.Ordinal) + "</record>".Length)];
        var many = xml.Replace(record, string.Concat(Enumerable.Repeat(record, Limits.MaxRecords + 1)));

        Assert.Equal($"the report has more than {Limits.MaxRecords} records", AggregateReportXml.Parse(new MemoryStream(Encoding.UTF8.GetBytes(many)), Limits).Error);
    }

    [Fact]
    public void AZipBomb_IsRefusedOnceItPassesTheLimit_AndAGzipOneToo()
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry("report.xml", CompressionLevel.SmallestSize).Open();
            entry.Write("<feedback>"u8);
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++)
            {
                entry.Write(zeros);
            }
        }

        Assert.True(zip.Length < 200_000);
        var (_, zipError) = ReportDocuments.Extract(WithAttachment(zip.ToArray(), "application/zip", "bomb.zip"), Limits);
        Assert.Equal("the report is larger than 1000000 bytes uncompressed", zipError);

        var gzip = new MemoryStream();
        using (var compressor = new GZipStream(gzip, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            compressor.Write(new byte[8 << 20]);
        }

        var (_, gzipError) = ReportDocuments.Extract(WithAttachment(gzip.ToArray(), "application/octet-stream", "report.xml.gz"), Limits);
        Assert.Equal("the report is larger than 1000000 bytes uncompressed", gzipError);
    }

    [Fact]
    public void ADamagedArchive_AndAMessageWithoutReport_AreRefused()
    {
        Assert.StartsWith("a compressed attachment is damaged", ReportDocuments.Extract(WithAttachment([0x1F, 0x8B, 8, 0, 1, 2, 3], "application/gzip", "r.xml.gz"), Limits).Error);
        var plain = new MimeMessage { Body = new TextPart("plain") { Text = "Here is no report." } };
        Assert.Equal("the message holds no report (no XML, gzip or zip attachment)", ReportDocuments.Extract(plain, Limits).Error);
    }

    public static MimeMessage WithAttachment(byte[] content, string mediaType, string fileName)
    {
        var builder = new BodyBuilder { TextBody = "This is an aggregate report." };
        builder.Attachments.Add(fileName, content, ContentType.Parse(mediaType));
        var message = new MimeMessage { Subject = $"Report Domain: example.com Submitter: example.net", Body = builder.ToMessageBody() };
        message.From.Add(MailboxAddress.Parse("noreply-dmarc@example.net"));
        return message;
    }

    private static AggregateReport Parse(byte[] xml)
    {
        var (report, error) = AggregateReportXml.Parse(new MemoryStream(xml), Limits);
        Assert.True(report is not null, error);
        return report!;
    }
}
