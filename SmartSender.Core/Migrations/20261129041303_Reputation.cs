using System;
using Microsoft.EntityFrameworkCore.Migrations;
using SmartSender.Core.Persistence;

#nullable disable

namespace SmartSender.Core.Migrations
{
    /// <inheritdoc />
    public partial class Reputation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ContentHitsJson",
                table: "Messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "ContentScore",
                table: "Messages",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<int>(
                name: "ManualQuota_DailyLimit",
                table: "Accounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "ManualQuota_PerSecond",
                table: "Accounts",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ManualQuota_Reason",
                table: "Accounts",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ManualQuota_SetAt",
                table: "Accounts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ManualQuota_SetBy",
                table: "Accounts",
                type: "TEXT",
                maxLength: 320,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "QuotaWarnedAt",
                table: "Accounts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Reputation",
                table: "Accounts",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Normal");

            migrationBuilder.AddColumn<DateTime>(
                name: "ReputationChangedAt",
                table: "Accounts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReputationReason",
                table: "Accounts",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ContentRejections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    Rules = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContentRejections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContentRejections_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReputationChanges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReputationChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReputationChanges_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ContentRejections_AccountId_At",
                table: "ContentRejections",
                columns: new[] { "AccountId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ReputationChanges_AccountId_At",
                table: "ReputationChanges",
                columns: new[] { "AccountId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ContentRejections");

            migrationBuilder.DropTable(
                name: "ReputationChanges");

            migrationBuilder.DropColumn(
                name: "ContentHitsJson",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "ContentScore",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "ManualQuota_DailyLimit",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "ManualQuota_PerSecond",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "ManualQuota_Reason",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "ManualQuota_SetAt",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "ManualQuota_SetBy",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "QuotaWarnedAt",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "Reputation",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "ReputationChangedAt",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "ReputationReason",
                table: "Accounts");
        }
    }
}
