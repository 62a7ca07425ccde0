using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartSender.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SuppressionRemovals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SuppressionRemovals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ListedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RemovedBy = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Why = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RemovedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SuppressionRemovals", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SuppressionRemovals_AccountId_RemovedAt",
                table: "SuppressionRemovals",
                columns: new[] { "AccountId", "RemovedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SuppressionRemovals");
        }
    }
}
