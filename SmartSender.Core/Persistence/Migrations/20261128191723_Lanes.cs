using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartSender.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Lanes : Migration
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

            migrationBuilder.CreateIndex(
                name: "IX_Messages_LaneKey_Status",
                table: "Messages",
                columns: new[] { "LaneKey", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Lanes");

            migrationBuilder.DropIndex(
                name: "IX_Messages_LaneKey_Status",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "LaneKey",
                table: "Messages");
        }
    }
}
