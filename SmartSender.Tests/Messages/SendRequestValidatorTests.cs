using SmartSender.Core.Messages;
using SmartSender.Tests.Builders;

namespace SmartSender.Tests.Messages;

public class SendRequestValidatorTests
{
    [Fact]
    public void Validate_CompleteRequest_Succeeds()
    {
        var result = SendRequestValidator.Validate(new SendRequestBuilder().Build());

        Assert.True(result.Succeeded);
        Assert.Equal("ann@example.test", result.Value!.To);
        Assert.Equal("\"Shop\" <orders@shop.test>", result.Value.From);
    }

    [Theory]
    [InlineData("a@x.test, b@x.test")]
    [InlineData("a@x.test; b@x.test")]
    public void Validate_TwoRecipientsInOneField_IsRefusedNamingTo(string to)
    {
        var result = SendRequestValidator.Validate(new SendRequestBuilder().To(to).Build());

        var error = Assert.Single(result.Errors);
        Assert.Equal("one_recipient_only", error.Code);
        Assert.Equal("to", error.Field);
        Assert.Contains("2", error.Message);
    }

    [Fact]
    public void Validate_TwoRecipientsAsList_IsRefused()
    {
        var result = SendRequestValidator.Validate(new SendRequestBuilder().To("a@x.test", "b@x.test").Build());

        Assert.Equal("one_recipient_only", Assert.Single(result.Errors).Code);
    }

    [Theory]
    [InlineData("subject", "Hello\r\nBcc: victim@x.test")]
    [InlineData("subject", "Hello\nBcc: victim@x.test")]
    [InlineData("from", "a@shop.test\r\nBcc: victim@x.test")]
    [InlineData("to", "ann@example.test\nBcc: victim@x.test")]
    public void Validate_LineBreakInHeaderValue_IsRefused(string field, string value)
    {
        var builder = new SendRequestBuilder();
        _ = field switch
        {
            "subject" => builder.Subject(value),
            "from" => builder.From(value),
            _ => builder.To(value),
        };

        var error = Assert.Single(SendRequestValidator.Validate(builder.Build()).Errors);

        Assert.Equal("header_line_break", error.Code);
        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("ann@")]
    [InlineData("ann@localhost")]
    [InlineData("@example.test")]
    public void Validate_InvalidRecipient_IsRefused(string to)
    {
        var error = Assert.Single(SendRequestValidator.Validate(new SendRequestBuilder().To(to).Build()).Errors);

        Assert.Equal("to", error.Field);
    }

    [Fact]
    public void Validate_EverythingMissing_ReportsEachField()
    {
        var result = SendRequestValidator.Validate(new SendRequest(null, [], " ", null, ""));

        Assert.Equal(["from", "to", "subject", "text"], result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Validate_AttachmentsOverTheLimit_AreRefused()
    {
        var request = new SendRequestBuilder().Build() with
        {
            Attachments = [new AttachmentInput("a.bin", "application/octet-stream", Convert.ToBase64String(new byte[600])), new AttachmentInput("b.bin", null, Convert.ToBase64String(new byte[600]))],
        };

        var error = Assert.Single(SendRequestValidator.Validate(request, maxMessageBytes: 1000).Errors);

        Assert.Equal("attachments_too_large", error.Code);
    }

    [Fact]
    public void Validate_TextOnly_Succeeds()
    {
        var result = SendRequestValidator.Validate(new SendRequestBuilder().Html(null).Build());

        Assert.True(result.Succeeded);
        Assert.Null(result.Value!.Html);
    }

    [Fact]
    public void Validate_SubjectLongerThanAnRfc5322Line_IsRefused()
    {
        var error = Assert.Single(SendRequestValidator.Validate(new SendRequestBuilder().Subject(new string('x', 999)).Build()).Errors);

        Assert.Equal("subject_too_long", error.Code);
    }
}
