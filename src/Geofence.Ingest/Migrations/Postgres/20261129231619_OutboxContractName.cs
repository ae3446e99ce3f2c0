using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geofence.Ingest.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutboxContractName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "MessageType",
                table: "ingest_outbox",
                newName: "Contract");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "Contract",
                table: "ingest_outbox",
                newName: "MessageType");
        }
    }
}
