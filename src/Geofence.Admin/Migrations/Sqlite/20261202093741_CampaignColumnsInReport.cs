using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geofence.Admin.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CampaignColumnsInReport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "CampaignId",
                table: "admin_notifications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CampaignRound",
                table: "admin_notifications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_admin_notifications_CampaignId_Sequence",
                table: "admin_notifications",
                columns: new[] { "CampaignId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_admin_notifications_Trigger_Sequence",
                table: "admin_notifications",
                columns: new[] { "Trigger", "Sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_admin_notifications_CampaignId_Sequence",
                table: "admin_notifications");

            migrationBuilder.DropIndex(
                name: "IX_admin_notifications_Trigger_Sequence",
                table: "admin_notifications");

            migrationBuilder.DropColumn(
                name: "CampaignId",
                table: "admin_notifications");

            migrationBuilder.DropColumn(
                name: "CampaignRound",
                table: "admin_notifications");
        }
    }
}
