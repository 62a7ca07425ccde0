using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;

namespace SmartSender.Core.Persistence;

/// <summary>A value as a parameter of this database takes it: through the model's converter for its column, null as DBNull.</summary>
internal static class ProviderValues
{
    public static object Of(RelationalTypeMapping mapping, object? value) =>
        (value is not null && mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;

    /// <summary>
    /// A parameter typed by the model (made through <paramref name="factory"/>, not added to it) holding
    /// <paramref name="value"/> as the database takes it: for a statement of a batch, which needs parameters of its own.
    /// </summary>
    public static DbParameter Parameter(RelationalTypeMapping mapping, DbCommand factory, string name, bool nullable, object? value)
    {
        var parameter = mapping.CreateParameter(factory, name, null, nullable);
        parameter.Value = Of(mapping, value);
        return parameter;
    }
}
