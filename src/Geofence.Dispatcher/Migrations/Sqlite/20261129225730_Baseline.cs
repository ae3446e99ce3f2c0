using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geofence.Dispatcher.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "dispatcher_attempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NotificationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ErrorCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ErrorAction = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dispatcher_attempts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "dispatcher_deliveries",
                columns: table => new
                {
                    NotificationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ProviderMessageId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dispatcher_deliveries", x => x.NotificationId);
                });

            migrationBuilder.CreateTable(
                name: "dispatcher_early_receipts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ProviderMessageId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    NotificationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ErrorCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dispatcher_early_receipts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "dispatcher_outbox",
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
                    table.PrimaryKey("PK_dispatcher_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "dispatcher_sandbox_messages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NotificationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PersonKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DeviceId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    SmsParts = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dispatcher_sandbox_messages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "dispatcher_zalo_tokens",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    AccessToken = table.Column<string>(type: "TEXT", maxLength: 2709, nullable: false),
                    RefreshToken = table.Column<string>(type: "TEXT", maxLength: 2709, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dispatcher_zalo_tokens", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_dispatcher_attempts_At",
                table: "dispatcher_attempts",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_dispatcher_attempts_NotificationId",
                table: "dispatcher_attempts",
                column: "NotificationId");

            migrationBuilder.CreateIndex(
                name: "IX_dispatcher_deliveries_Provider_ProviderMessageId",
                table: "dispatcher_deliveries",
                columns: new[] { "Provider", "ProviderMessageId" });

            migrationBuilder.CreateIndex(
                name: "IX_dispatcher_outbox_PublishedAt",
                table: "dispatcher_outbox",
                column: "PublishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_dispatcher_sandbox_messages_DeviceId",
                table: "dispatcher_sandbox_messages",
                column: "DeviceId");

            migrationBuilder.CreateIndex(
                name: "IX_dispatcher_sandbox_messages_NotificationId",
                table: "dispatcher_sandbox_messages",
                column: "NotificationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_dispatcher_sandbox_messages_PersonKey",
                table: "dispatcher_sandbox_messages",
                column: "PersonKey");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dispatcher_attempts");

            migrationBuilder.DropTable(
                name: "dispatcher_deliveries");

            migrationBuilder.DropTable(
                name: "dispatcher_early_receipts");

            migrationBuilder.DropTable(
                name: "dispatcher_outbox");

            migrationBuilder.DropTable(
                name: "dispatcher_sandbox_messages");

            migrationBuilder.DropTable(
                name: "dispatcher_zalo_tokens");
        }
    }
}
