using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geofence.Admin.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutboxContractName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "MessageType",
                table: "admin_outbox",
                newName: "Contract");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "Contract",
                table: "admin_outbox",
                newName: "MessageType");
        }
    }
}
