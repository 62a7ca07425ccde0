using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartSender.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BlocklistListings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BlocklistListings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Target = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    Kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    List = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Zone = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    State = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Codes = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Meaning = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ListedSince = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DelistedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CheckedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BlocklistListings", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BlocklistListings_Target_Zone_Kind",
                table: "BlocklistListings",
                columns: new[] { "Target", "Zone", "Kind" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BlocklistListings");
        }
    }
}
