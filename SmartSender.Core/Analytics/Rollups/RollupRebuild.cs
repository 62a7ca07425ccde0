namespace SmartSender.Core.Analytics.Rollups;

/// <summary>
/// Recomputes every rollup from the raw events in a few set-based statements (SQLite): used once when the rollups
/// are introduced over existing data, and by the analytics benchmark after it bulk-loads events. The same counting
/// rules as <see cref="RollupDeltas"/>: each event once per tag slice, a person's first open and click of a
/// message unique (the lowest id among equal times).
/// </summary>
public static class RollupRebuild
{
    private const string Slice = """
        m."AccountId", strftime('%Y-%m-%d %H:00:00', e."OccurredAt"), e."Type", e."Machine", m."SendingDomain",
        COALESCE(e."Provider", ''), m."Stream", COALESCE(m."TemplateId", '00000000-0000-0000-0000-000000000000'),
        COALESCE(e."Reason", ''), COALESCE(e."Link", '')
        """;

    private const string Counts = """
        COUNT(*), SUM(CASE WHEN e."Machine" = 0
            AND ((e."Type" = 'Opened' AND e."OccurredAt" = m."FirstOpenedAt") OR (e."Type" = 'Clicked' AND e."OccurredAt" = m."FirstClickedAt"))
            AND e."Id" = (SELECT MIN(x."Id") FROM "MessageEvents" x
                          WHERE x."MessageId" = e."MessageId" AND x."Type" = e."Type" AND x."Machine" = 0 AND x."OccurredAt" = e."OccurredAt")
            THEN 1 ELSE 0 END)
        """;

    private const string Columns = """
        "AccountId", "Bucket", "Type", "Machine", "Domain", "Provider", "Stream", "TemplateId", "Reason", "Link", "Tag", "Count", "Uniques"
        """;

    /// <summary>The statements, in order.</summary>
    public static IReadOnlyList<string> Statements { get; } =
    [
        """
        UPDATE "Messages" SET "FirstOpenedAt" = (SELECT MIN(e."OccurredAt") FROM "MessageEvents" e
            WHERE e."MessageId" = "Messages"."Id" AND e."Type" = 'Opened' AND e."Machine" = 0)
        """,
        """
        UPDATE "Messages" SET "FirstClickedAt" = (SELECT MIN(e."OccurredAt") FROM "MessageEvents" e
            WHERE e."MessageId" = "Messages"."Id" AND e."Type" = 'Clicked' AND e."Machine" = 0)
        """,
        """DELETE FROM "HourlyRollups" """,
        """DELETE FROM "DailyRollups" """,
        """DELETE FROM "HourlyTotals" """,
        """DELETE FROM "DailyTotals" """,
        $"""
        INSERT INTO "HourlyRollups" ({Columns})
        SELECT {Slice}, '', {Counts}
        FROM "MessageEvents" e JOIN "Messages" m ON m."Id" = e."MessageId"
        GROUP BY {Slice}
        """,
        $"""
        INSERT INTO "HourlyRollups" ({Columns})
        SELECT {Slice}, t.value, {Counts}
        FROM "MessageEvents" e JOIN "Messages" m ON m."Id" = e."MessageId"
            JOIN (SELECT DISTINCT mt."Id" AS "MessageId", j.value AS value FROM "Messages" mt, json_each(mt."TagsJson") j
                  WHERE mt."TagsJson" IS NOT NULL AND j.value <> '') t ON t."MessageId" = m."Id"
        GROUP BY {Slice}, t.value
        """,
        $"""
        INSERT INTO "DailyRollups" ({Columns})
        SELECT "AccountId", date("Bucket") || ' 00:00:00', "Type", "Machine", "Domain", "Provider", "Stream", "TemplateId", "Reason", "Link", "Tag",
            SUM("Count"), SUM("Uniques")
        FROM "HourlyRollups"
        GROUP BY "AccountId", date("Bucket"), "Type", "Machine", "Domain", "Provider", "Stream", "TemplateId", "Reason", "Link", "Tag"
        """,
        """
        INSERT INTO "HourlyTotals" ("AccountId", "Tag", "Bucket", "Type", "Machine", "Domain", "Provider", "Count", "Uniques")
        SELECT "AccountId", "Tag", "Bucket", "Type", "Machine", "Domain", "Provider", SUM("Count"), SUM("Uniques")
        FROM "HourlyRollups"
        GROUP BY "AccountId", "Tag", "Bucket", "Type", "Machine", "Domain", "Provider"
        """,
        """
        INSERT INTO "DailyTotals" ("AccountId", "Tag", "Bucket", "Type", "Machine", "Domain", "Provider", "Count", "Uniques")
        SELECT "AccountId", "Tag", "Bucket", "Type", "Machine", "Domain", "Provider", SUM("Count"), SUM("Uniques")
        FROM "DailyRollups"
        GROUP BY "AccountId", "Tag", "Bucket", "Type", "Machine", "Domain", "Provider"
        """,
    ];

    /// <summary>Fills the columns analytics slice by for messages and events stored before they existed.</summary>
    public static IReadOnlyList<string> Backfill { get; } =
    [
        """
        UPDATE "Messages" SET "SendingDomain" = lower(trim(substr("From", instr("From", '@') + 1), '> '))
        """,
        """
        UPDATE "Messages" SET "Provider" = substr("LaneKey", instr("LaneKey", '|') + 1) WHERE "LaneKey" IS NOT NULL
        """,
        """
        UPDATE "Messages" SET "TemplateId" = (SELECT v."TemplateId" FROM "TemplateVersion" v WHERE v."Id" = "Messages"."TemplateVersionId")
        WHERE "TemplateVersionId" IS NOT NULL
        """,
        """
        UPDATE "MessageEvents" SET "Provider" = (SELECT m."Provider" FROM "Messages" m WHERE m."Id" = "MessageEvents"."MessageId")
        WHERE "Type" <> 'Queued'
        """,
    ];
}
