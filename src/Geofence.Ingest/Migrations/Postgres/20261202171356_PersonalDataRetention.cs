using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geofence.Ingest.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PersonalDataRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ingest_checkins_AcceptedAt",
                table: "ingest_checkins",
                column: "AcceptedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ingest_checkins_AcceptedAt",
                table: "ingest_checkins");
        }
    }
}
