using SmartSender.Core.Persistence;
﻿using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartSender.Core.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class QueuePartialIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Messages_Status_NextAttemptAt",
                table: "Messages");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Queue_Free",
                table: "Messages",
                column: "NextAttemptAt",
                filter: "\"Status\" = 'Queued' AND \"ClaimId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Queue_Held",
                table: "Messages",
                column: "ClaimedUntil",
                filter: "\"Status\" = 'Queued' AND \"ClaimId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Messages_Queue_Free",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_Queue_Held",
                table: "Messages");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Status_NextAttemptAt",
                table: "Messages",
                columns: new[] { "Status", "NextAttemptAt" });
        }
    }
}
