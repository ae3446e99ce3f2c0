using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geofence.Admin.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PersonErasuresAndRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "admin_person_erasures",
                columns: table => new
                {
                    ErasureId = table.Column<Guid>(type: "uuid", nullable: false),
                    Service = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ConfirmedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Rows = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_admin_person_erasures", x => new { x.ErasureId, x.Service });
                });

            migrationBuilder.CreateIndex(
                name: "IX_admin_notifications_CreatedAt",
                table: "admin_notifications",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_admin_install_clicks_At",
                table: "admin_install_clicks",
                column: "At");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "admin_person_erasures");

            migrationBuilder.DropIndex(
                name: "IX_admin_notifications_CreatedAt",
                table: "admin_notifications");

            migrationBuilder.DropIndex(
                name: "IX_admin_install_clicks_At",
                table: "admin_install_clicks");
        }
    }
}
