using System;
using Microsoft.EntityFrameworkCore.Migrations;
using SmartSender.Core.Analytics.Rollups;

#nullable disable

namespace SmartSender.Core.Persistence.Migrations
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

            migrationBuilder.CreateTable(
                name: "DailyRollups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Bucket = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Tag = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Machine = table.Column<bool>(type: "INTEGER", nullable: false),
                    Domain = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Stream = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TemplateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Link = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false),
                    Uniques = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailyRollups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HourlyRollups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Bucket = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Tag = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Machine = table.Column<bool>(type: "INTEGER", nullable: false),
                    Domain = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Stream = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TemplateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Link = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false),
                    Uniques = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HourlyRollups", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DailyRollups_AccountId_Tag_Bucket_Type_Machine_Domain_Provider_Stream_TemplateId_Reason_Link",
                table: "DailyRollups",
                columns: new[] { "AccountId", "Tag", "Bucket", "Type", "Machine", "Domain", "Provider", "Stream", "TemplateId", "Reason", "Link" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HourlyRollups_AccountId_Tag_Bucket_Type_Machine_Domain_Provider_Stream_TemplateId_Reason_Link",
                table: "HourlyRollups",
                columns: new[] { "AccountId", "Tag", "Bucket", "Type", "Machine", "Domain", "Provider", "Stream", "TemplateId", "Reason", "Link" },
                unique: true);

            // Messages and events stored before these columns, and the rollups over them.
            foreach (var statement in RollupRebuild.Backfill.Concat(RollupRebuild.Statements))
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
                name: "HourlyRollups");

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
