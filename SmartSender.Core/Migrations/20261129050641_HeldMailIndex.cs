using SmartSender.Core.Persistence;
﻿using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartSender.Core.Migrations
{
    /// <inheritdoc />
    public partial class HeldMailIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Messages_Status",
                table: "Messages");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Status_AccountId",
                table: "Messages",
                columns: new[] { "Status", "AccountId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Messages_Status_AccountId",
                table: "Messages");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Status",
                table: "Messages",
                column: "Status");
        }
    }
}
