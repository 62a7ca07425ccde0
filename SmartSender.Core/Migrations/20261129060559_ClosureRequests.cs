using System;
using Microsoft.EntityFrameworkCore.Migrations;
using SmartSender.Core.Persistence;

#nullable disable

namespace SmartSender.Core.Migrations
{
    /// <inheritdoc />
    public partial class ClosureRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClosureReason",
                table: "Accounts",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClosureRequestedAt",
                table: "Accounts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosureRequestedBy",
                table: "Accounts",
                type: "TEXT",
                maxLength: 320,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_ClosureRequestedAt",
                table: "Accounts",
                column: "ClosureRequestedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Accounts_ClosureRequestedAt",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "ClosureReason",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "ClosureRequestedAt",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "ClosureRequestedBy",
                table: "Accounts");
        }
    }
}
