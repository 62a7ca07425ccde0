using System;
using Microsoft.EntityFrameworkCore.Migrations;
using SmartSender.Core.Persistence;

#nullable disable

namespace SmartSender.Core.Migrations
{
    /// <inheritdoc />
    public partial class DomainsWaitForTheirOwner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SendingDomains_AccountId_Name",
                table: "SendingDomains");

            migrationBuilder.DropIndex(
                name: "IX_SendingDomains_Name",
                table: "SendingDomains");

            migrationBuilder.AddColumn<DateTime>(
                name: "OwnedSince",
                table: "SendingDomains",
                type: "TEXT",
                nullable: true);

            // Domains whose ownership record was seen have proved it, since they were verified (or added).
            migrationBuilder.Sql(
                "UPDATE \"SendingDomains\" SET \"OwnedSince\" = COALESCE(\"VerifiedAt\", \"CreatedAt\") " +
                "WHERE \"Id\" IN (SELECT \"DomainId\" FROM \"RecordCheck\" WHERE \"Kind\" = 'Ownership' AND \"Status\" = 'Verified')");

            migrationBuilder.CreateIndex(
                name: "IX_SendingDomains_AccountId_Name",
                table: "SendingDomains",
                columns: new[] { "AccountId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SendingDomains_Name",
                table: "SendingDomains",
                column: "Name",
                unique: true,
                filter: "\"OwnedSince\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SendingDomains_AccountId_Name",
                table: "SendingDomains");

            migrationBuilder.DropIndex(
                name: "IX_SendingDomains_Name",
                table: "SendingDomains");

            migrationBuilder.DropColumn(
                name: "OwnedSince",
                table: "SendingDomains");

            migrationBuilder.CreateIndex(
                name: "IX_SendingDomains_AccountId_Name",
                table: "SendingDomains",
                columns: new[] { "AccountId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_SendingDomains_Name",
                table: "SendingDomains",
                column: "Name",
                unique: true);
        }
    }
}
