namespace SmartSender.Core.Analytics.Rollups;

/// <summary>
/// Recomputes every rollup from the raw events in a few set-based statements (SQLite's, and PostgreSQL's through
/// <see cref="StatementsFor"/>): run by the migration that last changed the rollup tables' columns (a later change
/// to those columns freezes a copy of these statements in that migration first), and by the analytics benchmark
/// after it bulk-loads events. The same counting
/// rules as <see cref="Messages.RollupDeltas"/>: each event once per tag slice, a person's first open and click of a
/// message unique (the lowest id among equal times).
/// </summary>
public static class RollupRebuild
{
    private const string Slice = """
        m."AccountId", {hour}, e."Type", e."Machine", m."SendingDomain",
        COALESCE(e."Provider", ''), m."Stream", COALESCE(m."TemplateId", '00000000-0000-0000-0000-000000000000'),
        COALESCE(m."CampaignId", '00000000-0000-0000-0000-000000000000'),
        COALESCE(e."Reason", ''), COALESCE(e."Link", '')
        """;

    private const string Counts = """
        COUNT(*), SUM(CASE WHEN e."Machine" = {no}
            AND ((e."Type" = 'Opened' AND e."OccurredAt" = m."FirstOpenedAt") OR (e."Type" = 'Clicked' AND e."OccurredAt" = m."FirstClickedAt"))
            AND e."Id" = (SELECT MIN(x."Id") FROM "MessageEvents" x
                          WHERE x."MessageId" = e."MessageId" AND x."Type" = e."Type" AND x."Machine" = {no} AND x."OccurredAt" = e."OccurredAt")
            THEN 1 ELSE 0 END)
        """;

    private static IReadOnlyList<string> Template { get; } =
    [
        """
        UPDATE "Messages" SET "FirstOpenedAt" = (SELECT MIN(e."OccurredAt") FROM "MessageEvents" e
            WHERE e."MessageId" = "Messages"."Id" AND e."Type" = 'Opened' AND e."Machine" = {no})
        """,
        """
        UPDATE "Messages" SET "FirstClickedAt" = (SELECT MIN(e."OccurredAt") FROM "MessageEvents" e
            WHERE e."MessageId" = "Messages"."Id" AND e."Type" = 'Clicked' AND e."Machine" = {no})
        """,
        """DELETE FROM "HourlyRollups" """,
        """DELETE FROM "DailyRollups" """,
        """DELETE FROM "HourlyTotals" """,
        """DELETE FROM "DailyTotals" """,
        """
        INSERT INTO "HourlyRollups" ("AccountId", "Bucket", "Type", "Machine", "Domain", "Provider", "Stream", "TemplateId", "CampaignId", "Reason", "Link", "Tag", "Count", "Uniques")
        SELECT {slice}, '', {counts}
        FROM "MessageEvents" e JOIN "Messages" m ON m."Id" = e."MessageId"
        GROUP BY {slice}
        """,
        """
        INSERT INTO "HourlyRollups" ("AccountId", "Bucket", "Type", "Machine", "Domain", "Provider", "Stream", "TemplateId", "CampaignId", "Reason", "Link", "Tag", "Count", "Uniques")
        SELECT {slice}, t.value, {counts}
        FROM "MessageEvents" e JOIN "Messages" m ON m."Id" = e."MessageId"
            JOIN (SELECT DISTINCT mt."Id" AS "MessageId", j.value AS value FROM "Messages" mt, {tags}
                  WHERE mt."TagsJson" IS NOT NULL AND j.value <> '') t ON t."MessageId" = m."Id"
        GROUP BY {slice}, t.value
        """,
        """
        INSERT INTO "DailyRollups" ("AccountId", "Bucket", "Type", "Machine", "Domain", "Provider", "Stream", "TemplateId", "CampaignId", "Reason", "Link", "Tag", "Count", "Uniques")
        SELECT "AccountId", {day}, "Type", "Machine", "Domain", "Provider", "Stream", "TemplateId", "CampaignId", "Reason", "Link", "Tag",
            SUM("Count"), SUM("Uniques")
        FROM "HourlyRollups"
        GROUP BY "AccountId", {dayGroup}, "Type", "Machine", "Domain", "Provider", "Stream", "TemplateId", "CampaignId", "Reason", "Link", "Tag"
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

    /// <summary>SQLite's statements, in order.</summary>
    public static IReadOnlyList<string> Statements { get; } = Dialect(
        hour: """strftime('%Y-%m-%d %H:00:00', e."OccurredAt")""", no: "0",
        tags: """json_each(mt."TagsJson") j""", day: """date("Bucket") || ' 00:00:00'""", dayGroup: """date("Bucket")""");

    /// <summary>PostgreSQL's statements, in order: the same counting in its functions.</summary>
    public static IReadOnlyList<string> PostgresStatements { get; } = Dialect(
        hour: """date_trunc('hour', e."OccurredAt", 'UTC')""", no: "FALSE",
        tags: """json_array_elements_text(mt."TagsJson"::json) j(value)""", day: """date_trunc('day', "Bucket", 'UTC')""", dayGroup: """date_trunc('day', "Bucket", 'UTC')""");

    /// <summary>The statements for the database <paramref name="db"/> runs on.</summary>
    public static IReadOnlyList<string> StatementsFor(Microsoft.EntityFrameworkCore.DbContext db) =>
        Microsoft.EntityFrameworkCore.NpgsqlDatabaseFacadeExtensions.IsNpgsql(db.Database) ? PostgresStatements : Statements;

    private static IReadOnlyList<string> Dialect(string hour, string no, string tags, string day, string dayGroup) =>
        [.. Template.Select(t => t.Replace("{slice}", Slice).Replace("{counts}", Counts).Replace("{hour}", hour).Replace("{no}", no)
            .Replace("{tags}", tags).Replace("{day}", day).Replace("{dayGroup}", dayGroup))];

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
