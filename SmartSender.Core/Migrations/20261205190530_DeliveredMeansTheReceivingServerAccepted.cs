using SmartSender.Core.Persistence;
﻿using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartSender.Core.Migrations
{
    /// <inheritdoc />
    public partial class DeliveredMeansTheReceivingServerAccepted : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => Rename(migrationBuilder, ("Delivered", "DeliveryConfirmed"), ("Sent", "Delivered"));

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => Rename(migrationBuilder, ("Delivered", "Sent"), ("DeliveryConfirmed", "Delivered"));

        /// <summary>
        /// Event types and statuses are stored by name. The DSN notice "Delivered" becomes DeliveryConfirmed first,
        /// then "Sent" (the receiving server's acceptance) takes the name Delivered; rollup keys never collide.
        /// </summary>
        private static void Rename(MigrationBuilder migration, params (string From, string To)[] steps)
        {
            foreach (var (from, to) in steps)
            {
                foreach (var table in new[] { "MessageEvents", "HourlyRollups", "HourlyTotals", "DailyRollups", "DailyTotals" })
                {
                    migration.Sql($"""UPDATE "{table}" SET "Type" = '{to}' WHERE "Type" = '{from}';""");
                }

                migration.Sql($"""UPDATE "WebhookEndpoints" SET "EventTypes" = trim(replace(',' || "EventTypes" || ',', ',{from},', ',{to},'), ',');""");
            }

            // A message's status had Sent and no Delivered.
            var (status, named) = steps[^1].From == "Sent" ? ("Sent", "Delivered") : ("Delivered", "Sent");
            migration.Sql($"""UPDATE "Messages" SET "Status" = '{named}' WHERE "Status" = '{status}';""");
        }
    }
}
