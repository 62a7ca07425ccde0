using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CsvHelper;
using CsvHelper.Configuration;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Contacts.Import;

/// <summary>One data row as read: its line, the address, name and fields, or why the row cannot be a contact.</summary>
public sealed record CsvContact(int Line, string Email, string? Name, JsonObject Fields, string? Error);

/// <summary>
/// Reads a contacts CSV file row by row (CsvHelper, RFC 4180; comma, semicolon or tab told apart by the header), never
/// holding more than one row: the header, a sample to map columns from, and each row read with a mapping.
/// </summary>
public static class ContactCsv
{
    public static async Task<CsvSample> SampleAsync(Stream csv, int rows, CancellationToken ct)
    {
        using var reader = Open(csv);
        var headers = await HeadersAsync(reader);
        var sample = new List<IReadOnlyList<string>>();
        while (sample.Count < rows && await reader.ReadAsync())
        {
            ct.ThrowIfCancellationRequested();
            sample.Add([.. Enumerable.Range(0, headers.Count).Select(i => reader.TryGetField<string>(i, out var value) ? value ?? "" : "")]);
        }

        return new CsvSample(headers, sample);
    }

    public static async IAsyncEnumerable<CsvContact> ReadAsync(Stream csv, ImportMapping mapping, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = Open(csv);
        var headers = await HeadersAsync(reader);
        var email = Index(headers, mapping.EmailColumn) ?? throw new ArgumentException($"There is no column \"{mapping.EmailColumn}\".");
        var name = mapping.NameColumn is null ? null : Index(headers, mapping.NameColumn);
        var fields = mapping.Fields.Select(f => (Mapping: f, Index: Index(headers, f.Column))).Where(f => f.Index is not null).ToList();
        while (await reader.ReadAsync())
        {
            ct.ThrowIfCancellationRequested();
            var line = reader.Parser.RawRow;
            var address = Cell(reader, email).Trim();
            string? error = null;
            if (address.Length == 0)
            {
                error = "no address";
            }
            else if (!Addresses.TryParseMailbox(address, out var mailbox) || mailbox.Name is { Length: > 0 } || mailbox.Address != address)
            {
                error = $"\"{Shorten(address)}\" is not an email address";
            }

            var values = new JsonObject();
            foreach (var (field, index) in fields)
            {
                var text = Cell(reader, index!.Value);
                if (text.Trim().Length == 0)
                {
                    continue;
                }

                var (value, problem) = FieldValues.Read(field.Field, field.Type, text);
                error ??= problem;
                values[field.Field] = value;
            }

            var contactName = name is { } n ? Cell(reader, n).Trim() : "";
            yield return new CsvContact(line, address.ToLowerInvariant(), contactName.Length == 0 ? null : contactName[..Math.Min(contactName.Length, 200)], values, error);
        }
    }

    private static CsvReader Open(Stream csv) => new(new StreamReader(csv, detectEncodingFromByteOrderMarks: true, leaveOpen: true), new CsvConfiguration(CultureInfo.InvariantCulture)
    {
        DetectDelimiter = true,
        DetectDelimiterValues = [",", ";", "\t"],
        MissingFieldFound = null,
        BadDataFound = null,
        TrimOptions = TrimOptions.None,
    });

    private static async Task<IReadOnlyList<string>> HeadersAsync(CsvReader reader)
    {
        if (!await reader.ReadAsync() || !reader.ReadHeader() || reader.HeaderRecord is not { Length: > 0 } header)
        {
            throw new InvalidDataException("The file is empty: it has no header line.");
        }

        return [.. header.Select(h => h.Trim())];
    }

    private static int? Index(IReadOnlyList<string> headers, string column)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            if (string.Equals(headers[i], column.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return null;
    }

    private static string Cell(CsvReader reader, int index) => reader.TryGetField<string>(index, out var value) ? value ?? "" : "";

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
