using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geofence.Notifier.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AudiencesAndCampaigns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "notifier_audience_members",
                columns: table => new
                {
                    audience_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    seq = table.Column<long>(type: "INTEGER", nullable: false),
                    phone = table.Column<string>(type: "TEXT", maxLength: 69, nullable: false),
                    language = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    name = table.Column<string>(type: "TEXT", maxLength: 577, nullable: true),
                    line = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notifier_audience_members", x => new { x.audience_id, x.person_key });
                });

            migrationBuilder.CreateTable(
                name: "notifier_audiences",
                columns: table => new
                {
                    audience_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    province_code = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    days = table.Column<int>(type: "INTEGER", nullable: true),
                    of = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    members = table.Column<int>(type: "INTEGER", nullable: false),
                    rejected = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at_ms = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notifier_audiences", x => x.audience_id);
                });

            migrationBuilder.CreateTable(
                name: "notifier_campaign_rounds",
                columns: table => new
                {
                    campaign_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    round = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    due_at_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    planned_through_seq = table.Column<long>(type: "INTEGER", nullable: false),
                    planned = table.Column<int>(type: "INTEGER", nullable: false),
                    started_at_ms = table.Column<long>(type: "INTEGER", nullable: true),
                    finished_at_ms = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notifier_campaign_rounds", x => new { x.campaign_id, x.round });
                });

            migrationBuilder.CreateTable(
                name: "notifier_campaign_work",
                columns: table => new
                {
                    campaign_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    round = table.Column<int>(type: "INTEGER", nullable: false),
                    person_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    seq = table.Column<long>(type: "INTEGER", nullable: false),
                    notification_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    channel = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    sms_parts = table.Column<int>(type: "INTEGER", nullable: false),
                    queued_at_ms = table.Column<long>(type: "INTEGER", nullable: true),
                    sent_at_ms = table.Column<long>(type: "INTEGER", nullable: true),
                    updated_at_ms = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notifier_campaign_work", x => new { x.campaign_id, x.round, x.person_key });
                });

            migrationBuilder.CreateTable(
                name: "notifier_campaigns",
                columns: table => new
                {
                    campaign_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    audience_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    province_code = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    channels = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    start_at_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    repeat_every_ms = table.Column<long>(type: "INTEGER", nullable: true),
                    max_rounds = table.Column<int>(type: "INTEGER", nullable: true),
                    end_at_ms = table.Column<long>(type: "INTEGER", nullable: true),
                    max_sms_parts_per_day = table.Column<int>(type: "INTEGER", nullable: true),
                    texts = table.Column<string>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    status_reason = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    current_round = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at_ms = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notifier_campaigns", x => x.campaign_id);
                });

            migrationBuilder.CreateTable(
                name: "notifier_phones_seen",
                columns: table => new
                {
                    person_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    province_code = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    phone = table.Column<string>(type: "TEXT", maxLength: 69, nullable: false),
                    last_seen_at_ms = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notifier_phones_seen", x => new { x.person_key, x.province_code });
                });

            migrationBuilder.CreateIndex(
                name: "IX_notifier_audience_members_audience_id_seq",
                table: "notifier_audience_members",
                columns: new[] { "audience_id", "seq" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_notifier_campaign_work_campaign_id_round_status_seq",
                table: "notifier_campaign_work",
                columns: new[] { "campaign_id", "round", "status", "seq" });

            migrationBuilder.CreateIndex(
                name: "IX_notifier_campaign_work_notification_id",
                table: "notifier_campaign_work",
                column: "notification_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_notifier_campaigns_status",
                table: "notifier_campaigns",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "IX_notifier_phones_seen_province_code_last_seen_at_ms",
                table: "notifier_phones_seen",
                columns: new[] { "province_code", "last_seen_at_ms" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notifier_audience_members");

            migrationBuilder.DropTable(
                name: "notifier_audiences");

            migrationBuilder.DropTable(
                name: "notifier_campaign_rounds");

            migrationBuilder.DropTable(
                name: "notifier_campaign_work");

            migrationBuilder.DropTable(
                name: "notifier_campaigns");

            migrationBuilder.DropTable(
                name: "notifier_phones_seen");
        }
    }
}
