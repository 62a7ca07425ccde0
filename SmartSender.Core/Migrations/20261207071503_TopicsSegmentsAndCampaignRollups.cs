using System;
using Microsoft.EntityFrameworkCore.Migrations;
using SmartSender.Core.Analytics.Rollups;
using SmartSender.Core.Persistence;

#nullable disable

namespace SmartSender.Core.Migrations
{
    /// <inheritdoc />
    public partial class TopicsSegmentsAndCampaignRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A campaign's figures count its deferred messages (queued, attempted) from the index alone.
            migrationBuilder.DropIndex(
                name: "IX_Messages_CampaignId_Status",
                table: "Messages");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_CampaignId_Status_Attempts",
                table: "Messages",
                columns: new[] { "CampaignId", "Status", "Attempts" },
                filter: "\"CampaignId\" IS NOT NULL");

            // The contacts page lists an account's contacts newest first (ids grow with time).
            migrationBuilder.CreateIndex(
                name: "IX_Contacts_AccountId_Id",
                table: "Contacts",
                columns: new[] { "AccountId", "Id" });

            RebuildRollups(migrationBuilder, withCampaign: true);

            migrationBuilder.AddColumn<Guid>(
                name: "SegmentId",
                table: "Campaigns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TopicId",
                table: "Campaigns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Segments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ListId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Match = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    ConditionsJson = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Segments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Segments_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Segments_ContactLists_ListId",
                        column: x => x.ListId,
                        principalTable: "ContactLists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Topics",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    SubscribedByDefault = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Topics", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Topics_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TopicSubscriptions",
                columns: table => new
                {
                    TopicId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ContactId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    How = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TopicSubscriptions", x => new { x.TopicId, x.ContactId });
                    table.ForeignKey(
                        name: "FK_TopicSubscriptions_Contacts_ContactId",
                        column: x => x.ContactId,
                        principalTable: "Contacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TopicSubscriptions_Topics_TopicId",
                        column: x => x.TopicId,
                        principalTable: "Topics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Campaigns_SegmentId",
                table: "Campaigns",
                column: "SegmentId");

            migrationBuilder.CreateIndex(
                name: "IX_Campaigns_TopicId",
                table: "Campaigns",
                column: "TopicId");

            migrationBuilder.CreateIndex(
                name: "IX_Segments_AccountId_Name",
                table: "Segments",
                columns: new[] { "AccountId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Segments_ListId",
                table: "Segments",
                column: "ListId");

            migrationBuilder.CreateIndex(
                name: "IX_Topics_AccountId_Name",
                table: "Topics",
                columns: new[] { "AccountId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TopicSubscriptions_ContactId",
                table: "TopicSubscriptions",
                column: "ContactId");

            migrationBuilder.AddForeignKey(
                name: "FK_Campaigns_Segments_SegmentId",
                table: "Campaigns",
                column: "SegmentId",
                principalTable: "Segments",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_Campaigns_Topics_TopicId",
                table: "Campaigns",
                column: "TopicId",
                principalTable: "Topics",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            // Every rollup again from the raw events, so that campaign mail sent before this change counts for its campaign.
            foreach (var statement in RollupRebuild.Statements)
            {
                migrationBuilder.Sql(statement);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Messages_CampaignId_Status_Attempts",
                table: "Messages");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_CampaignId_Status",
                table: "Messages",
                columns: new[] { "CampaignId", "Status" },
                filter: "\"CampaignId\" IS NOT NULL");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_AccountId_Id",
                table: "Contacts");

            RebuildRollups(migrationBuilder, withCampaign: false);
            migrationBuilder.DropForeignKey(
                name: "FK_Campaigns_Segments_SegmentId",
                table: "Campaigns");

            migrationBuilder.DropForeignKey(
                name: "FK_Campaigns_Topics_TopicId",
                table: "Campaigns");

            migrationBuilder.DropTable(
                name: "Segments");

            migrationBuilder.DropTable(
                name: "TopicSubscriptions");

            migrationBuilder.DropTable(
                name: "Topics");

            migrationBuilder.DropIndex(
                name: "IX_Campaigns_SegmentId",
                table: "Campaigns");

            migrationBuilder.DropIndex(
                name: "IX_Campaigns_TopicId",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "SegmentId",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "TopicId",
                table: "Campaigns");
        }

        /// <summary>
        /// The rollup tables with or without the campaign in their key, rebuilt by hand: SQLite cannot change a primary
        /// key in place, and the tables stay clustered on it (WITHOUT ROWID), which EF's own rebuild would drop.
        /// </summary>
        private static void RebuildRollups(MigrationBuilder migrationBuilder, bool withCampaign)
        {
            foreach (var table in new[] { "HourlyRollups", "DailyRollups" })
            {
                var campaign = withCampaign ? "\"CampaignId\" TEXT NOT NULL, " : "";
                var campaignKey = withCampaign ? "\"CampaignId\", " : "";
                const string Columns = "\"AccountId\", \"Tag\", \"Bucket\", \"Type\", \"Machine\", \"Domain\", \"Provider\", \"Stream\", \"TemplateId\", \"Reason\", \"Link\"";
                migrationBuilder.Sql($"""
                    CREATE TABLE "{table}_new" (
                        "AccountId" TEXT NOT NULL, "Tag" TEXT NOT NULL, "Bucket" TEXT NOT NULL, "Type" TEXT NOT NULL, "Machine" INTEGER NOT NULL,
                        "Domain" TEXT NOT NULL, "Provider" TEXT NOT NULL, "Stream" TEXT NOT NULL, "TemplateId" TEXT NOT NULL, {campaign}"Reason" TEXT NOT NULL,
                        "Link" TEXT NOT NULL, "Count" INTEGER NOT NULL, "Uniques" INTEGER NOT NULL,
                        CONSTRAINT "PK_{table}" PRIMARY KEY ("AccountId", "Tag", "Bucket", "Type", "Machine", "Domain", "Provider", "Stream", "TemplateId", {campaignKey}"Reason", "Link")
                    ) WITHOUT ROWID
                    """);
                migrationBuilder.Sql(withCampaign
                    ? $"""INSERT INTO "{table}_new" ({Columns}, "CampaignId", "Count", "Uniques") SELECT {Columns}, '00000000-0000-0000-0000-000000000000', "Count", "Uniques" FROM "{table}" """
                    : $"""INSERT INTO "{table}_new" ({Columns}, "Count", "Uniques") SELECT {Columns}, SUM("Count"), SUM("Uniques") FROM "{table}" GROUP BY {Columns}""");
                migrationBuilder.Sql($"""DROP TABLE "{table}" """);
                migrationBuilder.Sql($"""ALTER TABLE "{table}_new" RENAME TO "{table}" """);
            }
        }
    }
}
