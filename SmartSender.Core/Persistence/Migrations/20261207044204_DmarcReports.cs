using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartSender.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DmarcReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DmarcReports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SendingDomainId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Domain = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    OrgName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    ReportId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    BeginAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Policy = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DmarcReports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DmarcReportRows",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DmarcReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SourceIp = table.Column<string>(type: "TEXT", maxLength: 45, nullable: false),
                    ReverseName = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    Count = table.Column<long>(type: "INTEGER", nullable: false),
                    Disposition = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DkimAligned = table.Column<bool>(type: "INTEGER", nullable: false),
                    SpfAligned = table.Column<bool>(type: "INTEGER", nullable: false),
                    HeaderFrom = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    EnvelopeFrom = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    DkimResults = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    SpfResults = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DmarcReportRows", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DmarcReportRows_DmarcReports_DmarcReportId",
                        column: x => x.DmarcReportId,
                        principalTable: "DmarcReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DmarcReportRows_DmarcReportId",
                table: "DmarcReportRows",
                column: "DmarcReportId");

            migrationBuilder.CreateIndex(
                name: "IX_DmarcReports_AccountId_SendingDomainId_BeginAt",
                table: "DmarcReports",
                columns: new[] { "AccountId", "SendingDomainId", "BeginAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DmarcReports_SendingDomainId_OrgName_ReportId",
                table: "DmarcReports",
                columns: new[] { "SendingDomainId", "OrgName", "ReportId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DmarcReportRows");

            migrationBuilder.DropTable(
                name: "DmarcReports");
        }
    }
}
