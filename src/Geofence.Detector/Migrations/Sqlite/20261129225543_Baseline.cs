using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geofence.Detector.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "detector_geofence_sets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    FeatureCollection = table.Column<string>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_detector_geofence_sets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "detector_outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MessageType = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClaimedUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClaimToken = table.Column<Guid>(type: "TEXT", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NotBefore = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_detector_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "detector_subjects",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    LastAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastProvinceCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    LastAtPointOfEntry = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_detector_subjects", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_detector_outbox_PublishedAt",
                table: "detector_outbox",
                column: "PublishedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "detector_geofence_sets");

            migrationBuilder.DropTable(
                name: "detector_outbox");

            migrationBuilder.DropTable(
                name: "detector_subjects");
        }
    }
}
