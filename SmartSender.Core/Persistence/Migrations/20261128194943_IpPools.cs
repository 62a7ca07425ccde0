using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartSender.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class IpPools : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "IpPool",
                table: "Accounts",
                type: "TEXT",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IpPool",
                table: "Accounts");
        }
    }
}
