using SmartSender.Core.Common;
using SmartSender.Core.Messages;

namespace SmartSender.Tests.Builders;

public class SendRequestBuilder
{
    private string? _from = "Shop <orders@shop.test>";
    private List<string> _to = ["ann@example.test"];
    private string? _subject = "Your order";
    private string? _text = "Thank you for your order.";
    private string? _html = "<p>Thank you for your <b>order</b>.</p>";
    private MessageStream _stream = MessageStream.Transactional;
    private string? _template;
    private System.Text.Json.JsonElement? _variables;

    public SendRequestBuilder From(string? from) { _from = from; return this; }

    public SendRequestBuilder To(params string[] to) { _to = [.. to]; return this; }

    public SendRequestBuilder Subject(string? subject) { _subject = subject; return this; }

    public SendRequestBuilder Text(string? text) { _text = text; return this; }

    public SendRequestBuilder Html(string? html) { _html = html; return this; }

    public SendRequestBuilder Marketing() { _stream = MessageStream.Marketing; return this; }

    /// <summary>Sends with a template instead of a subject and body.</summary>
    public SendRequestBuilder Template(string idOrName, string variablesJson = "{}")
    {
        (_template, _subject, _text, _html) = (idOrName, null, null, null);
        _variables = System.Text.Json.JsonDocument.Parse(variablesJson).RootElement.Clone();
        return this;
    }

    public SendRequest Build() => new(_from, _to, _subject, _text, _html) { Stream = _stream, Template = _template, Variables = _variables };

    public ValidSendRequest BuildValid() => SendRequestValidator.Validate(Build()).Value!;
}
