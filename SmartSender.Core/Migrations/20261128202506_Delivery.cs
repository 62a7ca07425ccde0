using System;
using Microsoft.EntityFrameworkCore.Migrations;
using SmartSender.Core.Persistence;

#nullable disable

namespace SmartSender.Core.Migrations
{
    /// <inheritdoc />
    public partial class Delivery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LaneKey",
                table: "Messages",
                type: "TEXT",
                maxLength: 270,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Token",
                table: "Messages",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Culture",
                table: "Accounts",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "en-US");

            migrationBuilder.AddColumn<string>(
                name: "IpPool",
                table: "Accounts",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PostalAddress",
                table: "Accounts",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Lanes",
                columns: table => new
                {
                    SendingIp = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    LimitPerHour = table.Column<int>(type: "INTEGER", nullable: false),
                    CurrentPerHour = table.Column<double>(type: "REAL", nullable: false),
                    PausedUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ConsecutiveDeferrals = table.Column<int>(type: "INTEGER", nullable: false),
                    LastDeferralAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastDeferral = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LastRule = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LastChangeAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Tokens = table.Column<double>(type: "REAL", nullable: false),
                    TokensAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DayStart = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SentToday = table.Column<int>(type: "INTEGER", nullable: false),
                    HourStart = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SentThisHour = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Lanes", x => new { x.SendingIp, x.Provider });
                });

            migrationBuilder.CreateTable(
                name: "Suppressions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Suppressions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Suppressions_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_LaneKey_Status",
                table: "Messages",
                columns: new[] { "LaneKey", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Token",
                table: "Messages",
                column: "Token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Suppressions_AccountId_Address",
                table: "Suppressions",
                columns: new[] { "AccountId", "Address" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Lanes");

            migrationBuilder.DropTable(
                name: "Suppressions");

            migrationBuilder.DropIndex(
                name: "IX_Messages_LaneKey_Status",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_Token",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "LaneKey",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "Token",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "Culture",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "IpPool",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "PostalAddress",
                table: "Accounts");
        }
    }
}
