using SmartSender.Core.Persistence;
﻿using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartSender.Core.Migrations
{
    /// <inheritdoc />
    public partial class RollupWriters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_HourlyTotals",
                table: "HourlyTotals");

            migrationBuilder.DropPrimaryKey(
                name: "PK_HourlyRollups",
                table: "HourlyRollups");

            migrationBuilder.DropPrimaryKey(
                name: "PK_DailyTotals",
                table: "DailyTotals");

            migrationBuilder.DropPrimaryKey(
                name: "PK_DailyRollups",
                table: "DailyRollups");

            migrationBuilder.AddColumn<short>(
                name: "Writer",
                table: "HourlyTotals",
                type: "INTEGER",
                nullable: false,
                defaultValue: (short)0);

            migrationBuilder.AddColumn<short>(
                name: "Writer",
                table: "HourlyRollups",
                type: "INTEGER",
                nullable: false,
                defaultValue: (short)0);

            migrationBuilder.AddColumn<short>(
                name: "Writer",
                table: "DailyTotals",
                type: "INTEGER",
                nullable: false,
                defaultValue: (short)0);

            migrationBuilder.AddColumn<short>(
                name: "Writer",
                table: "DailyRollups",
                type: "INTEGER",
                nullable: false,
                defaultValue: (short)0);

            migrationBuilder.AddPrimaryKey(
                name: "PK_HourlyTotals",
                table: "HourlyTotals",
                columns: new[] { "AccountId", "Tag", "Bucket", "Type", "Machine", "Domain", "Provider", "Writer" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_HourlyRollups",
                table: "HourlyRollups",
                columns: new[] { "AccountId", "Tag", "Bucket", "Type", "Machine", "Domain", "Provider", "Writer", "Stream", "TemplateId", "CampaignId", "Reason", "Link" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_DailyTotals",
                table: "DailyTotals",
                columns: new[] { "AccountId", "Tag", "Bucket", "Type", "Machine", "Domain", "Provider", "Writer" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_DailyRollups",
                table: "DailyRollups",
                columns: new[] { "AccountId", "Tag", "Bucket", "Type", "Machine", "Domain", "Provider", "Writer", "Stream", "TemplateId", "CampaignId", "Reason", "Link" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_HourlyTotals",
                table: "HourlyTotals");

            migrationBuilder.DropPrimaryKey(
                name: "PK_HourlyRollups",
                table: "HourlyRollups");

            migrationBuilder.DropPrimaryKey(
                name: "PK_DailyTotals",
                table: "DailyTotals");

            migrationBuilder.DropPrimaryKey(
                name: "PK_DailyRollups",
                table: "DailyRollups");

            migrationBuilder.DropColumn(
                name: "Writer",
                table: "HourlyTotals");

            migrationBuilder.DropColumn(
                name: "Writer",
                table: "HourlyRollups");

            migrationBuilder.DropColumn(
                name: "Writer",
                table: "DailyTotals");

            migrationBuilder.DropColumn(
                name: "Writer",
                table: "DailyRollups");

            migrationBuilder.AddPrimaryKey(
                name: "PK_HourlyTotals",
                table: "HourlyTotals",
                columns: new[] { "AccountId", "Tag", "Bucket", "Type", "Machine", "Domain", "Provider" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_HourlyRollups",
                table: "HourlyRollups",
                columns: new[] { "AccountId", "Tag", "Bucket", "Type", "Machine", "Domain", "Provider", "Stream", "TemplateId", "CampaignId", "Reason", "Link" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_DailyTotals",
                table: "DailyTotals",
                columns: new[] { "AccountId", "Tag", "Bucket", "Type", "Machine", "Domain", "Provider" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_DailyRollups",
                table: "DailyRollups",
                columns: new[] { "AccountId", "Tag", "Bucket", "Type", "Machine", "Domain", "Provider", "Stream", "TemplateId", "CampaignId", "Reason", "Link" });
        }
    }
}
