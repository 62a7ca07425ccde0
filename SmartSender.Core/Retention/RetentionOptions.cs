using System.ComponentModel.DataAnnotations;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Retention;

/// <summary>The <c>Retention</c> section of appsettings.json.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Days a message's bodies and attachments are kept, for accounts that chose nothing else.</summary>
    [Range(1, MaxDays)]
    public int ContentDays { get; set; } = 30;

    /// <summary>Messages cleared per statement: each batch is one short write, so delivery never waits long behind it.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 500;

    public const int MaxDays = 3650;
}
