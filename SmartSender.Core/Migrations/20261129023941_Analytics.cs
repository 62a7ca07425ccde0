using System;
using Microsoft.EntityFrameworkCore.Migrations;
using SmartSender.Core.Analytics.Rollups;
using SmartSender.Core.Persistence;

#nullable disable

namespace SmartSender.Core.Migrations
{
    /// <inheritdoc />
    public partial class Analytics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "FirstClickedAt",
                table: "Messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FirstOpenedAt",
                table: "Messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Provider",
                table: "Messages",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SendingDomain",
                table: "Messages",
                type: "TEXT",
                maxLength: 253,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "TemplateId",
                table: "Messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Link",
                table: "MessageEvents",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Provider",
                table: "MessageEvents",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Reason",
                table: "MessageEvents",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            // Clustered on the slice (WITHOUT ROWID): a chart's range is one scan of the table itself.
            migrationBuilder.Sql("""
                CREATE TABLE "DailyRollups" (
                    "AccountId" TEXT NOT NULL, "Tag" TEXT NOT NULL, "Bucket" TEXT NOT NULL, "Type" TEXT NOT NULL, "Machine" INTEGER NOT NULL,
                    "Domain" TEXT NOT NULL, "Provider" TEXT NOT NULL, "Stream" TEXT NOT NULL, "TemplateId" TEXT NOT NULL, "Reason" TEXT NOT NULL,
                    "Link" TEXT NOT NULL, "Count" INTEGER NOT NULL, "Uniques" INTEGER NOT NULL,
                    CONSTRAINT "PK_DailyRollups" PRIMARY KEY ("AccountId", "Tag", "Bucket", "Type", "Machine", "Domain", "Provider", "Stream", "TemplateId", "Reason", "Link")
                ) WITHOUT ROWID
                """);

            // Clustered on the slice (WITHOUT ROWID): a chart's range is one scan of the table itself.
            migrationBuilder.Sql("""
                CREATE TABLE "DailyTotals" (
                    "AccountId" TEXT NOT NULL, "Tag" TEXT NOT NULL, "Bucket" TEXT NOT NULL, "Type" TEXT NOT NULL, "Machine" INTEGER NOT NULL,
                    "Domain" TEXT NOT NULL, "Provider" TEXT NOT NULL, "Count" INTEGER NOT NULL, "Uniques" INTEGER NOT NULL,
                    CONSTRAINT "PK_DailyTotals" PRIMARY KEY ("AccountId", "Tag", "Bucket", "Type", "Machine", "Domain", "Provider")
                ) WITHOUT ROWID
                """);

            // Clustered on the slice (WITHOUT ROWID): a chart's range is one scan of the table itself.
            migrationBuilder.Sql("""
                CREATE TABLE "HourlyRollups" (
                    "AccountId" TEXT NOT NULL, "Tag" TEXT NOT NULL, "Bucket" TEXT NOT NULL, "Type" TEXT NOT NULL, "Machine" INTEGER NOT NULL,
                    "Domain" TEXT NOT NULL, "Provider" TEXT NOT NULL, "Stream" TEXT NOT NULL, "TemplateId" TEXT NOT NULL, "Reason" TEXT NOT NULL,
                    "Link" TEXT NOT NULL, "Count" INTEGER NOT NULL, "Uniques" INTEGER NOT NULL,
                    CONSTRAINT "PK_HourlyRollups" PRIMARY KEY ("AccountId", "Tag", "Bucket", "Type", "Machine", "Domain", "Provider", "Stream", "TemplateId", "Reason", "Link")
                ) WITHOUT ROWID
                """);

            // Clustered on the slice (WITHOUT ROWID): a chart's range is one scan of the table itself.
            migrationBuilder.Sql("""
                CREATE TABLE "HourlyTotals" (
                    "AccountId" TEXT NOT NULL, "Tag" TEXT NOT NULL, "Bucket" TEXT NOT NULL, "Type" TEXT NOT NULL, "Machine" INTEGER NOT NULL,
                    "Domain" TEXT NOT NULL, "Provider" TEXT NOT NULL, "Count" INTEGER NOT NULL, "Uniques" INTEGER NOT NULL,
                    CONSTRAINT "PK_HourlyTotals" PRIMARY KEY ("AccountId", "Tag", "Bucket", "Type", "Machine", "Domain", "Provider")
                ) WITHOUT ROWID
                """);

            // Messages and events stored before these columns. Their rollups are computed by TopicsSegmentsAndCampaignRollups,
            // which gives the rollup tables the columns today's rebuild fills.
            foreach (var statement in RollupRebuild.Backfill)
            {
                migrationBuilder.Sql(statement);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DailyRollups");

            migrationBuilder.DropTable(
                name: "DailyTotals");

            migrationBuilder.DropTable(
                name: "HourlyRollups");

            migrationBuilder.DropTable(
                name: "HourlyTotals");

            migrationBuilder.DropColumn(
                name: "FirstClickedAt",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "FirstOpenedAt",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "Provider",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "SendingDomain",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "TemplateId",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "Link",
                table: "MessageEvents");

            migrationBuilder.DropColumn(
                name: "Provider",
                table: "MessageEvents");

            migrationBuilder.DropColumn(
                name: "Reason",
                table: "MessageEvents");
        }
    }
}
