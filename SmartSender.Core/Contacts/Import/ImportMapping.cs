namespace SmartSender.Core.Contacts.Import;

/// <summary>A CSV column read into a custom field of the given type.</summary>
public sealed record FieldMapping(string Column, string Field, ContactFieldType Type);

/// <summary>Which columns of a CSV file hold the address, the name and the custom fields.</summary>
public sealed record ImportMapping(string EmailColumn, string? NameColumn, IReadOnlyList<FieldMapping> Fields);

/// <summary>The first lines of a CSV file: its header and some rows, to map columns from.</summary>
public sealed record CsvSample(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>A row that will not be imported: its line in the file, its address as written, and why.</summary>
public sealed record BadRow(int Line, string Email, string Reason);

/// <summary>What an import would do or did: rows read, rows taken, and the bad ones (the first <see cref="ContactImport.MaxBadRowsShown"/>).</summary>
public sealed record ImportReport(int Rows, int Good, int Bad, IReadOnlyList<BadRow> BadRows, int Created = 0, int Updated = 0);
