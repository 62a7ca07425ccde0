using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace SmartSender.Core.Persistence.Moving;

/// <summary>
/// Copies an installation's SQLite database into an empty PostgreSQL database, table by table in the order their
/// foreign keys need, every column through the model's own mappings (so times, ids and enums arrive as the app
/// writes them), with the Data Protection key ring's files (without which the DKIM keys and webhook secrets could not
/// be read), and checks that every table holds as many rows on both sides. The target is migrated first and must be
/// empty; nothing is changed in the source.
/// </summary>
public sealed class SqliteToPostgres(SmartSenderDbContext source, string targetConnectionString, string? keyRingFolder)
{
    /// <summary>Parameters per INSERT: PostgreSQL takes at most 65,535 in one statement.</summary>
    private const int BatchParameters = 30_000;

    public async Task<MoveReport> RunAsync(Action<string>? progress = null, CancellationToken ct = default)
    {
        if (!source.Database.IsSqlite())
        {
            throw new InvalidOperationException("The configured database is not SQLite: there is nothing to move.");
        }

        var contexts = ContextFactories.Create(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = targetConnectionString }, ".");
        await using var target = await contexts.CreateDbContextAsync(ct);
        await target.Database.MigrateAsync(ct);
        if (await target.Users.AnyAsync(ct) || await target.Database.SqlQueryRaw<bool>("SELECT EXISTS (SELECT 1 FROM \"Accounts\") AS \"Value\"").SingleAsync(ct))
        {
            return MoveReport.Refused("The PostgreSQL database already holds accounts or users; give an empty database.");
        }

        var counts = new List<TableCount>();
        var from = source.Database.GetDbConnection();
        await source.Database.OpenConnectionAsync(ct);
        var to = (NpgsqlConnection)target.Database.GetDbConnection();
        await target.Database.OpenConnectionAsync(ct);
        await using var transaction = await to.BeginTransactionAsync(ct);
        var order = InDependencyOrder(source.Model.GetRelationalModel());
        foreach (var table in Enumerable.Reverse(order))
        {
            // Rows the migrations seeded (a webhook cursor) come again from the source.
            if (await CountAsync(to, transaction, table.Name, ct) > 0)
            {
                await using var seeded = new NpgsqlCommand($"DELETE FROM \"{table.Name}\"", to, transaction);
                await seeded.ExecuteNonQueryAsync(ct);
            }
        }

        foreach (var table in order)
        {
            var copied = await CopyAsync(table, from, to, transaction, ct);
            counts.Add(new TableCount(table.Name, copied, await CountAsync(to, transaction, table.Name, ct)));
            progress?.Invoke($"{table.Name}: {copied:N0} rows");
        }

        await ResetIdentitiesAsync(target.Model.GetRelationalModel(), to, transaction, ct);
        var keys = await CopyKeyRingAsync(to, transaction, ct);
        await transaction.CommitAsync(ct);
        return new MoveReport(true, null, counts, keys);
    }

    /// <summary>Tables after the tables they refer to.</summary>
    private static List<ITable> InDependencyOrder(IRelationalModel model)
    {
        var tables = model.Tables.ToList();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<ITable>();
        while (ordered.Count < tables.Count)
        {
            var ready = tables.Where(t => !done.Contains(t.Name) &&
                t.ForeignKeyConstraints.All(fk => fk.PrincipalTable.Name == t.Name || done.Contains(fk.PrincipalTable.Name))).ToList();
            if (ready.Count == 0)
            {
                throw new InvalidOperationException("The tables' foreign keys form a cycle; they cannot be copied in order.");
            }

            foreach (var table in ready.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                ordered.Add(table);
                done.Add(table.Name);
            }
        }

        return ordered;
    }

    private static async Task<long> CopyAsync(ITable table, DbConnection from, NpgsqlConnection to, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var columns = table.Columns.ToList();
        await using var read = from.CreateCommand();
        read.CommandText = $"SELECT {string.Join(", ", columns.Select(c => $"\"{c.Name}\""))} FROM \"{table.Name}\"";
        await using var rows = await read.ExecuteReaderAsync(ct);
        var insert = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) VALUES ";
        var batchRows = Math.Max(1, BatchParameters / columns.Count);
        var batch = new List<object?[]>(batchRows);
        long copied = 0;
        while (await rows.ReadAsync(ct))
        {
            batch.Add([.. columns.Select((c, i) => ValueOf(rows, i, c))]);
            if (batch.Count == batchRows)
            {
                copied += await InsertAsync(insert, batch, to, transaction, ct);
                batch.Clear();
            }
        }

        return copied + (batch.Count > 0 ? await InsertAsync(insert, batch, to, transaction, ct) : 0);
    }

    /// <summary>
    /// A stored value read as the model's mapping reads it from SQLite (a Guid, a UTC time, a bool), which is how PostgreSQL
    /// takes it: both providers store the model through the same converters (enums as names, times as UTC).
    /// </summary>
    private static object? ValueOf(DbDataReader rows, int ordinal, IColumn column)
    {
        var mapping = column.StoreTypeMapping;
        return rows.IsDBNull(ordinal) ? null : ReadAs(rows, ordinal, mapping.Converter?.ProviderClrType ?? mapping.ClrType);
    }

    private static object ReadAs(DbDataReader rows, int ordinal, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(Guid) => rows.GetGuid(ordinal),
            _ when type == typeof(DateTime) => DateTime.SpecifyKind(rows.GetDateTime(ordinal), DateTimeKind.Utc),
            _ when type == typeof(DateTimeOffset) => rows.GetFieldValue<DateTimeOffset>(ordinal),
            _ when type == typeof(bool) => rows.GetBoolean(ordinal),
            _ when type == typeof(int) => rows.GetInt32(ordinal),
            _ when type == typeof(long) => rows.GetInt64(ordinal),
            _ when type == typeof(short) => rows.GetInt16(ordinal),
            _ when type == typeof(double) => rows.GetDouble(ordinal),
            _ when type == typeof(decimal) => rows.GetDecimal(ordinal),
            _ when type == typeof(byte[]) => rows.GetFieldValue<byte[]>(ordinal),
            _ => rows.GetValue(ordinal),
        };
    }

    private static async Task<int> InsertAsync(string insert, List<object?[]> batch, NpgsqlConnection to, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand { Connection = to, Transaction = transaction };
        var values = new List<string>(batch.Count);
        foreach (var row in batch)
        {
            var names = new string[row.Length];
            for (var i = 0; i < row.Length; i++)
            {
                names[i] = $"@p{command.Parameters.Count}";
                command.Parameters.Add(new NpgsqlParameter(names[i][1..], row[i] ?? DBNull.Value));
            }

            values.Add($"({string.Join(", ", names)})");
        }

        command.CommandText = insert + string.Join(", ", values);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> CountAsync(NpgsqlConnection to, NpgsqlTransaction transaction, string table, CancellationToken ct)
    {
        await using var count = new NpgsqlCommand($"SELECT COUNT(*) FROM \"{table}\"", to, transaction);
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Identity columns continue after the highest id copied.</summary>
    private static async Task ResetIdentitiesAsync(IRelationalModel model, NpgsqlConnection to, NpgsqlTransaction transaction, CancellationToken ct)
    {
        foreach (var table in model.Tables)
        {
            foreach (var column in table.Columns.Where(c => c.PropertyMappings.Any(p => p.Property.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAdd
                && p.Property.ClrType is var t && (t == typeof(int) || t == typeof(long)))))
            {
                await using var reset = new NpgsqlCommand(
                    $"SELECT setval(pg_get_serial_sequence('\"{table.Name}\"', '{column.Name}'), COALESCE((SELECT MAX(\"{column.Name}\") FROM \"{table.Name}\"), 0) + 1, false) " +
                    $"WHERE pg_get_serial_sequence('\"{table.Name}\"', '{column.Name}') IS NOT NULL", to, transaction);
                await reset.ExecuteNonQueryAsync(ct);
            }
        }
    }

    /// <summary>The key ring's XML files, as the database key ring stores them.</summary>
    private async Task<int> CopyKeyRingAsync(NpgsqlConnection to, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (keyRingFolder is null || !Directory.Exists(keyRingFolder))
        {
            return 0;
        }

        var copied = 0;
        foreach (var file in Directory.EnumerateFiles(keyRingFolder, "*.xml").Order(StringComparer.Ordinal))
        {
            await using var insert = new NpgsqlCommand("""INSERT INTO "DataProtectionKeys" ("FriendlyName", "Xml") VALUES (@name, @xml)""", to, transaction);
            insert.Parameters.AddWithValue("name", Path.GetFileNameWithoutExtension(file));
            insert.Parameters.AddWithValue("xml", await File.ReadAllTextAsync(file, ct));
            copied += await insert.ExecuteNonQueryAsync(ct);
        }

        return copied;
    }
}

public sealed record TableCount(string Table, long Copied, long InTarget);

public sealed record MoveReport(bool Succeeded, string? Refusal, IReadOnlyList<TableCount> Tables, int Keys)
{
    public static MoveReport Refused(string why) => new(false, why, [], 0);

    /// <summary>Every table holds in PostgreSQL the rows copied from SQLite.</summary>
    public bool CountsAgree => Tables.All(t => t.Copied == t.InTarget);
}
