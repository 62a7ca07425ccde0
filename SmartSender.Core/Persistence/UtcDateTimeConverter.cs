using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SmartSender.Core.Persistence;

/// <summary>Every time is stored and read as UTC; providers that drop the kind get it back here.</summary>
public class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
