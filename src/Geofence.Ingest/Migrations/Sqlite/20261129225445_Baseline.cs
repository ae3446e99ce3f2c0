using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geofence.Ingest.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ingest_checkins",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PropertyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 220, nullable: false),
                    BodyHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReservationId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AcceptedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ingest_checkins", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ingest_feeds",
                columns: table => new
                {
                    FeedId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ApiKeyHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RegisteredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ingest_feeds", x => x.FeedId);
                });

            migrationBuilder.CreateTable(
                name: "ingest_hotels",
                columns: table => new
                {
                    PropertyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProvinceCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    ApiKeyHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RegisteredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ingest_hotels", x => x.PropertyId);
                });

            migrationBuilder.CreateTable(
                name: "ingest_outbox",
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
                    table.PrimaryKey("PK_ingest_outbox", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ingest_checkins_PropertyId_IdempotencyKey",
                table: "ingest_checkins",
                columns: new[] { "PropertyId", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ingest_feeds_ApiKeyHash",
                table: "ingest_feeds",
                column: "ApiKeyHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ingest_hotels_ApiKeyHash",
                table: "ingest_hotels",
                column: "ApiKeyHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ingest_outbox_PublishedAt",
                table: "ingest_outbox",
                column: "PublishedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ingest_checkins");

            migrationBuilder.DropTable(
                name: "ingest_feeds");

            migrationBuilder.DropTable(
                name: "ingest_hotels");

            migrationBuilder.DropTable(
                name: "ingest_outbox");
        }
    }
}
