using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartSender.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class MessageTemplateStreamReplyTo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ReplyTo",
                table: "Messages",
                type: "TEXT",
                maxLength: 520,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Stream",
                table: "Messages",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "TemplateVersionId",
                table: "Messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Messages_TemplateVersionId",
                table: "Messages",
                column: "TemplateVersionId");

            migrationBuilder.AddForeignKey(
                name: "FK_Messages_TemplateVersion_TemplateVersionId",
                table: "Messages",
                column: "TemplateVersionId",
                principalTable: "TemplateVersion",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Messages_TemplateVersion_TemplateVersionId",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_TemplateVersionId",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "ReplyTo",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "Stream",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "TemplateVersionId",
                table: "Messages");
        }
    }
}
