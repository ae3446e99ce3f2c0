using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geofence.Detector.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddSubjectRetentionIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_detector_subjects_LastAt",
                table: "detector_subjects",
                column: "LastAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_detector_subjects_LastAt",
                table: "detector_subjects");
        }
    }
}
