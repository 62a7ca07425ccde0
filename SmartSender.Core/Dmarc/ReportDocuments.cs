using System.IO.Compression;
using MimeKit;

namespace SmartSender.Core.Dmarc;

/// <summary>
/// Finds the report documents in a mailed DMARC report (RFC 7489 §7.2.1.1): each attachment, or the body itself,
/// that is XML, gzip or zip, told apart by their first bytes rather than by the media type reporters label them with.
/// Everything decompressed counts toward <see cref="DmarcOptions.MaxUncompressedBytes"/>, counted as it is read, so a
/// small archive that would expand without end (a zip bomb) is refused as soon as it passes the limit.
/// </summary>
public static class ReportDocuments
{
    private const int MaxZipEntries = 10;

    public static (List<byte[]> Documents, string? Error) Extract(MimeMessage message, DmarcOptions limits)
    {
        var documents = new List<byte[]>();
        long total = 0;
        foreach (var part in message.BodyParts.OfType<MimePart>())
        {
            if (part.Content is null || part.ContentType.IsMimeType("text", "plain") || part.ContentType.IsMimeType("text", "html"))
            {
                continue;
            }

            using var encoded = new MemoryStream();
            part.Content.DecodeTo(encoded);
            var bytes = encoded.ToArray();
            var error = Kind(bytes) switch
            {
                DocumentKind.Xml => Add(documents, bytes, ref total, limits),
                DocumentKind.Gzip => Inflate(documents, () => new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress), ref total, limits),
                DocumentKind.Zip => Unzip(documents, bytes, ref total, limits),
                _ => null,
            };
            if (error is not null)
            {
                return ([], error);
            }
        }

        return documents.Count == 0 ? ([], "the message holds no report (no XML, gzip or zip attachment)") : (documents, null);
    }

    private enum DocumentKind
    {
        Other,
        Xml,
        Gzip,
        Zip,
    }

    private static DocumentKind Kind(byte[] bytes)
    {
        if (bytes is [0x1F, 0x8B, ..])
        {
            return DocumentKind.Gzip;
        }

        if (bytes is [(byte)'P', (byte)'K', 3, 4, ..])
        {
            return DocumentKind.Zip;
        }

        var start = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        while (start < bytes.Length && bytes[start] is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t')
        {
            start++;
        }

        return start < bytes.Length && bytes[start] == '<' ? DocumentKind.Xml : DocumentKind.Other;
    }

    private static string? Add(List<byte[]> documents, byte[] xml, ref long total, DmarcOptions limits)
    {
        total += xml.Length;
        if (total > limits.MaxUncompressedBytes)
        {
            return TooLarge(limits);
        }

        documents.Add(xml);
        return null;
    }

    private static string? Inflate(List<byte[]> documents, Func<Stream> open, ref long total, DmarcOptions limits)
    {
        try
        {
            using var stream = open();
            using var copy = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                total += read;
                if (total > limits.MaxUncompressedBytes)
                {
                    return TooLarge(limits);
                }

                copy.Write(buffer, 0, read);
            }

            if (copy.Length == 0)
            {
                return "a compressed attachment is damaged (it holds nothing)";
            }

            documents.Add(copy.ToArray());
            return null;
        }
        catch (InvalidDataException ex)
        {
            return $"a compressed attachment is damaged ({ex.Message})";
        }
    }

    private static string? Unzip(List<byte[]> documents, byte[] bytes, ref long total, DmarcOptions limits)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            if (archive.Entries.Count > MaxZipEntries)
            {
                return $"the zip attachment holds {archive.Entries.Count} files; a report has one";
            }

            foreach (var entry in archive.Entries.Where(e => !e.FullName.EndsWith('/')))
            {
                var found = entry;
                if (Inflate(documents, () => found.Open(), ref total, limits) is { } error)
                {
                    return error;
                }
            }

            return null;
        }
        catch (InvalidDataException ex)
        {
            return $"the zip attachment is damaged ({ex.Message})";
        }
    }

    private static string TooLarge(DmarcOptions limits) => $"the report is larger than {limits.MaxUncompressedBytes} bytes uncompressed";
}
