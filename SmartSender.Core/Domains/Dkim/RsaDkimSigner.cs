using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace SmartSender.Core.Domains.Dkim;

/// <summary>
/// rsa-sha256 with relaxed/relaxed canonicalization (RFC 6376) over the message exactly as it is written on the wire:
/// the message is written once, its header fields and body are canonicalized from those bytes, and the platform's RSA
/// (OpenSSL here) signs. The DKIM-Signature field is added first in the header with the folding that was hashed.
/// </summary>
public sealed class RsaDkimSigner(RSA rsa, string domain, string selector)
{
    /// <summary>How SMTP clients write a message: CRLF line ends.</summary>
    private static readonly FormatOptions Wire = WireFormat();

    /// <summary>Line breaks in header values as MimeKit keeps them; writing converts them to CRLF.</summary>
    private static readonly string Fold = FormatOptions.Default.NewLineFormat == NewLineFormat.Dos ? "\r\n" : "\n";

    private static readonly byte[] NewLine = Encoding.ASCII.GetBytes(Fold);

    public static RsaDkimSigner FromPem(string pem, string domain, string selector)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new RsaDkimSigner(rsa, domain, selector);
    }

    /// <summary>Signs <paramref name="message"/>, whose transfer encodings are already fixed (<see cref="MimeMessage.Prepare"/>).</summary>
    /// <param name="headers">The fields to sign, top to bottom as named; a name given twice also signs the absence of a further one.</param>
    public void Sign(MimeMessage message, IReadOnlyList<string> headers, DateTimeOffset now)
    {
        using var wire = new MemoryStream(8192);
        message.WriteTo(Wire, wire);
        var bytes = wire.GetBuffer().AsSpan(0, (int)wire.Length);
        var split = bytes.IndexOf("\r\n\r\n"u8);
        var headerBlock = split < 0 ? bytes : bytes[..(split + 2)];
        var body = split < 0 ? [] : bytes[(split + 4)..];

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        RelaxedCanonicalization.HashBody(body, hash);
        var bodyHash = Convert.ToBase64String(hash.GetHashAndReset());

        var fields = HeaderFields.Parse(headerBlock);
        var signed = new List<string>(headers.Count);
        foreach (var name in headers)
        {
            // RFC 6376 §5.4.2: repeated names take the instances from the bottom up.
            var index = fields.FindLastIndex(f => !f.Used && f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                var field = fields[index];
                fields[index] = field with { Used = true };
                RelaxedCanonicalization.HashHeader(field.Name, headerBlock.Slice(field.ValueStart, field.ValueLength), hash);
                signed.Add(name);
            }
            else if (fields.Exists(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                // Over-signed: a second instance added later would break the signature.
                signed.Add(name);
            }
        }

        var headBytes = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $" v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain}; s={selector}; t={now.ToUnixTimeSeconds()};{Fold}\th={string.Join(':', signed)};{Fold}\tbh={bodyHash};{Fold}\tb="));
        RelaxedCanonicalization.HashHeader("DKIM-Signature", headBytes, hash, last: true);
        var signature = Convert.ToBase64String(rsa.SignHash(hash.GetHashAndReset(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        var raw = new MemoryStream(headBytes.Length + signature.Length + 16);
        raw.Write(headBytes);
        for (var i = 0; i < signature.Length; i += 72)
        {
            if (i > 0)
            {
                raw.Write(NewLine);
                raw.WriteByte((byte)'\t');
            }

            raw.Write(Encoding.ASCII.GetBytes(signature, i, Math.Min(72, signature.Length - i)));
        }

        raw.Write(NewLine);
        var header = new Header(HeaderId.DkimSignature, "-");
        header.SetRawValue(raw.ToArray());
        message.Headers.Insert(0, header);
    }

    private static FormatOptions WireFormat()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        options.EnsureNewLine = true;
        return options;
    }
}
