using Microsoft.EntityFrameworkCore.Storage;

namespace SmartSender.Core.Persistence;

/// <summary>A value as a parameter of this database takes it: through the model's converter for its column, null as DBNull.</summary>
internal static class ProviderValues
{
    public static object Of(RelationalTypeMapping mapping, object? value) =>
        (value is not null && mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
}
