using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Geofence.Notifier.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "notifier_decisions",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    NotificationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notifier_decisions", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "notifier_devices",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DeviceId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Platform = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PushToken = table.Column<string>(type: "character varying(5505)", maxLength: 5505, nullable: true),
                    Language = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    Phone = table.Column<string>(type: "character varying(69)", maxLength: 69, nullable: true),
                    PhoneKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    BluezoneInstalled = table.Column<bool>(type: "boolean", nullable: false),
                    RegisteredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notifier_devices", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "notifier_opt_outs",
                columns: table => new
                {
                    PersonKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    OptedOutAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LiftedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notifier_opt_outs", x => x.PersonKey);
                });

            migrationBuilder.CreateTable(
                name: "notifier_outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MessageType = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClaimedUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClaimToken = table.Column<Guid>(type: "uuid", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NotBefore = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notifier_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "notifier_visits",
                columns: table => new
                {
                    person_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    province_code = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    notification_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    decision_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    notified_at_ms = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notifier_visits", x => new { x.person_key, x.province_code });
                });

            migrationBuilder.CreateIndex(
                name: "IX_notifier_devices_PhoneKey",
                table: "notifier_devices",
                column: "PhoneKey");

            migrationBuilder.CreateIndex(
                name: "IX_notifier_outbox_PublishedAt",
                table: "notifier_outbox",
                column: "PublishedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notifier_decisions");

            migrationBuilder.DropTable(
                name: "notifier_devices");

            migrationBuilder.DropTable(
                name: "notifier_opt_outs");

            migrationBuilder.DropTable(
                name: "notifier_outbox");

            migrationBuilder.DropTable(
                name: "notifier_visits");
        }
    }
}
