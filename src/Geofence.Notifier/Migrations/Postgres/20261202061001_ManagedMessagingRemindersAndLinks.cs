using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geofence.Notifier.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ManagedMessagingRemindersAndLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "notifier_links",
                columns: table => new
                {
                    Token = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    NotificationId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Language = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ProvinceCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    InstallClicks = table.Column<int>(type: "integer", nullable: false),
                    OptedOutAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notifier_links", x => x.Token);
                });

            migrationBuilder.CreateTable(
                name: "notifier_people",
                columns: table => new
                {
                    person_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    installed_at_ms = table.Column<long>(type: "bigint", nullable: true),
                    touched_at_ms = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notifier_people", x => x.person_key);
                });

            migrationBuilder.CreateTable(
                name: "notifier_schedule",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    DueAtMs = table.Column<long>(type: "bigint", nullable: false),
                    PersonKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProvinceCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    PropertyId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    VisitTrigger = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ArrivedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    VisitEndsAtMs = table.Column<long>(type: "bigint", nullable: false),
                    NotificationId = table.Column<Guid>(type: "uuid", nullable: false),
                    DeviceKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Recipient = table.Column<string>(type: "text", nullable: true),
                    Message = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notifier_schedule", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "notifier_sends",
                columns: table => new
                {
                    notification_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    at_ms = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notifier_sends", x => x.notification_id);
                });

            migrationBuilder.CreateTable(
                name: "notifier_settings",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    json = table.Column<string>(type: "text", nullable: false),
                    changed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notifier_settings", x => x.name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_notifier_links_NotificationId",
                table: "notifier_links",
                column: "NotificationId");

            migrationBuilder.CreateIndex(
                name: "IX_notifier_schedule_PersonKey_Status",
                table: "notifier_schedule",
                columns: new[] { "PersonKey", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_notifier_schedule_Status_DueAtMs",
                table: "notifier_schedule",
                columns: new[] { "Status", "DueAtMs" });

            migrationBuilder.CreateIndex(
                name: "IX_notifier_sends_person_key_at_ms",
                table: "notifier_sends",
                columns: new[] { "person_key", "at_ms" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notifier_links");

            migrationBuilder.DropTable(
                name: "notifier_people");

            migrationBuilder.DropTable(
                name: "notifier_schedule");

            migrationBuilder.DropTable(
                name: "notifier_sends");

            migrationBuilder.DropTable(
                name: "notifier_settings");
        }
    }
}
