using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geofence.Messaging.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MessageData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "messaging_message_data",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Bytes = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_messaging_message_data", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_messaging_message_data_ExpiresAt",
                table: "messaging_message_data",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "messaging_message_data");
        }
    }
}
