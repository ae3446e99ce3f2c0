using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geofence.Dispatcher.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PersonalDataRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_dispatcher_sandbox_messages_RecordedAt",
                table: "dispatcher_sandbox_messages",
                column: "RecordedAt");

            migrationBuilder.CreateIndex(
                name: "IX_dispatcher_deliveries_CompletedAt",
                table: "dispatcher_deliveries",
                column: "CompletedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_dispatcher_sandbox_messages_RecordedAt",
                table: "dispatcher_sandbox_messages");

            migrationBuilder.DropIndex(
                name: "IX_dispatcher_deliveries_CompletedAt",
                table: "dispatcher_deliveries");
        }
    }
}
