using SmartSender.Core.Persistence;
﻿using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartSender.Core.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OperatorAccountFlag : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsOperator",
                table: "Accounts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Until now the operator's account was the one named "Operator", made with the first administrator.
            migrationBuilder.Sql("UPDATE \"Accounts\" SET \"IsOperator\" = TRUE WHERE \"Name\" = 'Operator'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IsOperator",
                table: "Accounts");
        }
    }
}
