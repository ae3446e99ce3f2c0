using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geofence.Dispatcher.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutboxContractName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "MessageType",
                table: "dispatcher_outbox",
                newName: "Contract");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "Contract",
                table: "dispatcher_outbox",
                newName: "MessageType");
        }
    }
}
