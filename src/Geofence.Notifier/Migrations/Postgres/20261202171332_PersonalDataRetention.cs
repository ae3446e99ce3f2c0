using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geofence.Notifier.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PersonalDataRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_notifier_visits_notified_at_ms",
                table: "notifier_visits",
                column: "notified_at_ms");

            migrationBuilder.CreateIndex(
                name: "IX_notifier_sends_at_ms",
                table: "notifier_sends",
                column: "at_ms");

            migrationBuilder.CreateIndex(
                name: "IX_notifier_phones_seen_last_seen_at_ms",
                table: "notifier_phones_seen",
                column: "last_seen_at_ms");

            migrationBuilder.CreateIndex(
                name: "IX_notifier_people_touched_at_ms",
                table: "notifier_people",
                column: "touched_at_ms");

            migrationBuilder.CreateIndex(
                name: "IX_notifier_links_CreatedAt",
                table: "notifier_links",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_notifier_decisions_DecidedAt",
                table: "notifier_decisions",
                column: "DecidedAt");

            migrationBuilder.CreateIndex(
                name: "IX_notifier_campaign_work_updated_at_ms",
                table: "notifier_campaign_work",
                column: "updated_at_ms");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_notifier_visits_notified_at_ms",
                table: "notifier_visits");

            migrationBuilder.DropIndex(
                name: "IX_notifier_sends_at_ms",
                table: "notifier_sends");

            migrationBuilder.DropIndex(
                name: "IX_notifier_phones_seen_last_seen_at_ms",
                table: "notifier_phones_seen");

            migrationBuilder.DropIndex(
                name: "IX_notifier_people_touched_at_ms",
                table: "notifier_people");

            migrationBuilder.DropIndex(
                name: "IX_notifier_links_CreatedAt",
                table: "notifier_links");

            migrationBuilder.DropIndex(
                name: "IX_notifier_decisions_DecidedAt",
                table: "notifier_decisions");

            migrationBuilder.DropIndex(
                name: "IX_notifier_campaign_work_updated_at_ms",
                table: "notifier_campaign_work");
        }
    }
}
