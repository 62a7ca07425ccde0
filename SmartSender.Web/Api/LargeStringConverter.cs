using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartSender.Web.Api;

/// <summary>
/// Reads a JSON string of 64 KiB or more (a message's text or HTML, an attachment's base64) through buffers of its
/// own instead of the runtime's shared pool. The serializer copies such a value out of the request's buffers, and
/// unescapes it, through arrays it rents from <c>ArrayPool&lt;byte&gt;.Shared</c>; the pool keeps a 16 MB array for
/// each 10 MB body it once read, and gives them back one at a time minutes later (benchmarks/memory.sh). Plain arrays
/// go with the next collection. Bad UTF-8 is refused as the serializer refuses it. It reads only the fields that can
/// be that large (<see cref="ForLargeFields"/>): with a converter of its own, a string has no schema in the OpenAPI
/// document, so <see cref="ApiReference"/> gives those fields theirs back.
/// </summary>
public sealed class LargeStringConverter : JsonConverter<string>
{
    public static readonly LargeStringConverter Instance = new();

    /// <summary>Puts the converter on a message's text and HTML and an attachment's content.</summary>
    public static void ForLargeFields(System.Text.Json.Serialization.Metadata.JsonTypeInfo info)
    {
        string[] large = info.Type == typeof(SendMessageBody) ? ["text", "html"] : info.Type == typeof(AttachmentBody) ? ["content"] : [];
        foreach (var property in info.Properties.Where(p => p.PropertyType == typeof(string) && large.Contains(p.Name)))
        {
            property.CustomConverter = Instance;
        }
    }

    private const int Threshold = 64 * 1024;
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (reader.TokenType != JsonTokenType.String || length < Threshold)
        {
            return reader.GetString();
        }

        // The value between quotes, so a reader over it alone unescapes it into a destination of ours.
        var quoted = GC.AllocateUninitializedArray<byte>(checked((int)length + 2));
        quoted[0] = quoted[^1] = (byte)'"';
        if (reader.HasValueSequence)
        {
            reader.ValueSequence.CopyTo(quoted.AsSpan(1));
        }
        else
        {
            reader.ValueSpan.CopyTo(quoted.AsSpan(1));
        }

        try
        {
            if (!reader.ValueIsEscaped)
            {
                return Strict.GetString(quoted, 1, (int)length);
            }

            var value = new Utf8JsonReader(quoted);
            value.Read();
            var unescaped = GC.AllocateUninitializedArray<byte>((int)length);
            var written = value.CopyString(unescaped);
            return Strict.GetString(unescaped, 0, written);
        }
        catch (DecoderFallbackException ex)
        {
            throw new JsonException("The JSON value is not valid UTF-8.", ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
