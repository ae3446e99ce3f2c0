using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geofence.Notifier.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutboxContractName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "MessageType",
                table: "notifier_outbox",
                newName: "Contract");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "Contract",
                table: "notifier_outbox",
                newName: "MessageType");
        }
    }
}
