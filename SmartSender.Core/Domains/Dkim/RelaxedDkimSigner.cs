using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MimeKit;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using SmartSender.Core.Delivery.Wire;

namespace SmartSender.Core.Domains.Dkim;

/// <summary>
/// A DKIM signature with relaxed/relaxed canonicalization (RFC 6376) over the message exactly as it is written on the
/// wire: header fields and body are canonicalized from those bytes, and the key signs the hash: the platform's RSA
/// (OpenSSL here) for rsa-sha256, Ed25519 for ed25519-sha256 (RFC 8463). The DKIM-Signature field goes on top, with
/// the folding that was hashed.
/// </summary>
public sealed class RelaxedDkimSigner
{
    private readonly string _algorithm;
    private readonly Func<byte[], byte[]> _signHash;
    private readonly string _domain;
    private readonly string _selector;

    private RelaxedDkimSigner(string algorithm, Func<byte[], byte[]> signHash, string domain, string selector)
    {
        (_algorithm, _signHash, _domain, _selector) = (algorithm, signHash, domain, selector);
    }

    public static RelaxedDkimSigner Rsa(RSA rsa, string domain, string selector) =>
        new("rsa-sha256", hash => rsa.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), domain, selector);

    public static RelaxedDkimSigner RsaFromPem(string pem, string domain, string selector)
    {
        var rsa = System.Security.Cryptography.RSA.Create();
        rsa.ImportFromPem(pem);
        return Rsa(rsa, domain, selector);
    }

    /// <summary>RFC 8463 §3: PureEdDSA over the SHA-256 hash of the canonicalized header.</summary>
    public static RelaxedDkimSigner Ed25519(byte[] privateKey, string domain, string selector)
    {
        var key = new Ed25519PrivateKeyParameters(privateKey);
        return new("ed25519-sha256", hash =>
        {
            var signer = new Ed25519Signer();
            signer.Init(true, key);
            signer.BlockUpdate(hash, 0, hash.Length);
            return signer.GenerateSignature();
        }, domain, selector);
    }

    /// <param name="headers">The fields to sign, top to bottom as named; a name given twice also signs the absence of a further one.</param>
    public void Sign(WireMessage message, IReadOnlyList<string> headers, DateTimeOffset now) =>
        message.AddOnTop(Field(message.Header, message.Body, headers, now));

    /// <summary>Signs a MimeKit message whose transfer encodings are already fixed (<see cref="MimeMessage.Prepare"/>).</summary>
    public void Sign(MimeMessage message, IReadOnlyList<string> headers, DateTimeOffset now)
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        options.EnsureNewLine = true;
        using var wire = new MemoryStream(8192);
        message.WriteTo(options, wire);
        var bytes = wire.GetBuffer().AsSpan(0, (int)wire.Length);
        var split = bytes.IndexOf("\r\n\r\n"u8);
        var field = split < 0 ? Field(bytes, [], headers, now) : Field(bytes[..(split + 2)], bytes[(split + 4)..], headers, now);
        message.Headers.Insert(0, MimeKit.Header.TryParse(field, 0, field.Length, out var header) ? header : throw new FormatException("The signature field cannot be read."));
    }

    /// <summary>The whole DKIM-Signature field, CRLF at its end.</summary>
    private byte[] Field(ReadOnlySpan<byte> headerBlock, ReadOnlySpan<byte> body, IReadOnlyList<string> headers, DateTimeOffset now)
    {
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

        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $" v=1; a={_algorithm}; c=relaxed/relaxed; d={_domain}; s={_selector}; t={now.ToUnixTimeSeconds()};\r\n\th={string.Join(':', signed)};\r\n\tbh={bodyHash};\r\n\tb="));
        RelaxedCanonicalization.HashHeader("DKIM-Signature", head, hash, last: true);
        var signature = Convert.ToBase64String(_signHash(hash.GetHashAndReset()));

        var raw = new MemoryStream(head.Length + signature.Length + 48);
        raw.Write("DKIM-Signature:"u8);
        raw.Write(head);
        for (var i = 0; i < signature.Length; i += 72)
        {
            if (i > 0)
            {
                raw.Write("\r\n\t"u8);
            }

            raw.Write(Encoding.ASCII.GetBytes(signature, i, Math.Min(72, signature.Length - i)));
        }

        raw.Write("\r\n"u8);
        return raw.ToArray();
    }
}
