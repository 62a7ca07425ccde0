using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MimeKit;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using SmartSender.Core.Delivery.Wire;

namespace SmartSender.Core.Delivery.Signing;

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

    /// <summary>A SHA-256 context per thread, reused from message to message.</summary>
    [ThreadStatic]
    private static IncrementalHash? _hash;

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
        var hash = _hash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        _hash = null;
        var canonical = Common.Buffers.Rent(headerBlock.Length + 3 * headers.Count + 16);
        try
        {
            RelaxedCanonicalization.HashBody(body, hash);
            var bodyHash = Convert.ToBase64String(hash.GetHashAndReset());

            // The signed fields' relaxed forms go to the hash in one piece, in the order h= names them.
            var fields = HeaderFields.Parse(headerBlock);
            Span<bool> used = fields.Count <= 128 ? stackalloc bool[fields.Count] : new bool[fields.Count];
            var signed = new StringBuilder(128);
            var length = 0;
            foreach (var name in headers)
            {
                // RFC 6376 §5.4.2: repeated names take the instances from the bottom up; a name with no instance left
                // is still listed when the message has one (over-signing: a further instance would break the signature).
                var present = false;
                for (var i = fields.Count - 1; i >= 0; i--)
                {
                    if (!Ascii.EqualsIgnoreCase(fields[i].Name(headerBlock), name))
                    {
                        continue;
                    }

                    present = true;
                    if (!used[i])
                    {
                        used[i] = true;
                        length += RelaxedCanonicalization.Header(fields[i].Name(headerBlock), headerBlock[fields[i].ValueStart..fields[i].End], canonical.AsSpan(length));
                        break;
                    }
                }

                if (present)
                {
                    signed.Append(signed.Length == 0 ? "" : ":").Append(name);
                }
            }

            var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $" v=1; a={_algorithm}; c=relaxed/relaxed; d={_domain}; s={_selector}; t={now.ToUnixTimeSeconds()};\r\n\th={signed};\r\n\tbh={bodyHash};\r\n\tb="));
            hash.AppendData(canonical, 0, length);
            var own = head.Length + 32 <= canonical.Length ? canonical : new byte[head.Length + 32];
            hash.AppendData(own, 0, RelaxedCanonicalization.Header("DKIM-Signature"u8, head, own, last: true));
            var signature = _signHash(hash.GetHashAndReset());
            _hash = hash;
            return Assemble(head, signature);
        }
        catch
        {
            hash.Dispose();
            throw;
        }
        finally
        {
            Common.Buffers.Return(canonical);
        }
    }

    /// <summary>"DKIM-Signature:", the hashed head, and the signature in base64 folded every 72 characters.</summary>
    private static byte[] Assemble(byte[] head, byte[] signature)
    {
        var encoded = Base64.GetMaxEncodedToUtf8Length(signature.Length);
        var field = new byte["DKIM-Signature:"u8.Length + head.Length + encoded + 3 * (encoded / 72 + 1)];
        var span = field.AsSpan();
        "DKIM-Signature:"u8.CopyTo(span);
        head.CopyTo(span["DKIM-Signature:"u8.Length..]);
        var at = "DKIM-Signature:"u8.Length + head.Length;
        Span<byte> b64 = stackalloc byte[encoded];
        Base64.EncodeToUtf8(signature, b64, out _, out var written);
        for (var i = 0; i < written; i += 72)
        {
            if (i > 0)
            {
                "\r\n\t"u8.CopyTo(span[at..]);
                at += 3;
            }

            var chunk = b64.Slice(i, Math.Min(72, written - i));
            chunk.CopyTo(span[at..]);
            at += chunk.Length;
        }

        "\r\n"u8.CopyTo(span[at..]);
        return field[..(at + 2)];
    }
}
