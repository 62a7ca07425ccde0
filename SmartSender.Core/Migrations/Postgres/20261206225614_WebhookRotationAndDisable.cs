using System;
using Microsoft.EntityFrameworkCore.Migrations;
using SmartSender.Core.Persistence;

#nullable disable

namespace SmartSender.Core.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WebhookRotationAndDisable : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Disabled",
                table: "WebhookEndpoints",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "PreviousProtectedSecret",
                table: "WebhookEndpoints",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PreviousSecretUntil",
                table: "WebhookEndpoints",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Disabled",
                table: "WebhookEndpoints");

            migrationBuilder.DropColumn(
                name: "PreviousProtectedSecret",
                table: "WebhookEndpoints");

            migrationBuilder.DropColumn(
                name: "PreviousSecretUntil",
                table: "WebhookEndpoints");
        }
    }
}
