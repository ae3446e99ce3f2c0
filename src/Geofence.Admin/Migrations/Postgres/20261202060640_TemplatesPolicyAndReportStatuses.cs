using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Geofence.Admin.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TemplatesPolicyAndReportStatuses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "DueAt",
                table: "admin_notifications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "InstallClicks",
                table: "admin_notifications",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "TemplateVersion",
                table: "admin_notifications",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "admin_install_clicks",
                columns: table => new
                {
                    NotificationId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Platform = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_admin_install_clicks", x => new { x.NotificationId, x.At });
                });

            migrationBuilder.CreateTable(
                name: "admin_policies",
                columns: table => new
                {
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Document = table.Column<string>(type: "text", nullable: false),
                    SavedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SavedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_admin_policies", x => x.Version);
                });

            migrationBuilder.CreateTable(
                name: "admin_template_set_versions",
                columns: table => new
                {
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_admin_template_set_versions", x => x.Version);
                });

            migrationBuilder.CreateTable(
                name: "admin_templates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Purpose = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Channel = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Language = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    KeepDiacritics = table.Column<bool>(type: "boolean", nullable: false),
                    ZaloTemplateId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ZaloParams = table.Column<string>(type: "text", nullable: true),
                    SavedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SavedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    IsCurrent = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_admin_templates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_admin_templates_IsCurrent",
                table: "admin_templates",
                column: "IsCurrent");

            migrationBuilder.CreateIndex(
                name: "IX_admin_templates_Purpose_Channel_Language_Version",
                table: "admin_templates",
                columns: new[] { "Purpose", "Channel", "Language", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "admin_install_clicks");

            migrationBuilder.DropTable(
                name: "admin_policies");

            migrationBuilder.DropTable(
                name: "admin_template_set_versions");

            migrationBuilder.DropTable(
                name: "admin_templates");

            migrationBuilder.DropColumn(
                name: "DueAt",
                table: "admin_notifications");

            migrationBuilder.DropColumn(
                name: "InstallClicks",
                table: "admin_notifications");

            migrationBuilder.DropColumn(
                name: "TemplateVersion",
                table: "admin_notifications");
        }
    }
}
