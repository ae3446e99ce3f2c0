CREATE TABLE "dispatcher_attempts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_dispatcher_attempts" PRIMARY KEY AUTOINCREMENT,
    "NotificationId" TEXT NOT NULL,
    "Channel" TEXT NOT NULL,
    "Provider" TEXT NOT NULL,
    "Outcome" TEXT NOT NULL,
    "ErrorCode" TEXT NULL,
    "ErrorAction" TEXT NULL,
    "At" TEXT NOT NULL
);


CREATE TABLE "dispatcher_deliveries" (
    "NotificationId" TEXT NOT NULL CONSTRAINT "PK_dispatcher_deliveries" PRIMARY KEY,
    "Channel" TEXT NOT NULL,
    "Provider" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "ProviderMessageId" TEXT NULL,
    "FailureReason" TEXT NULL,
    "CompletedAt" TEXT NOT NULL
);


CREATE TABLE "dispatcher_early_receipts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_dispatcher_early_receipts" PRIMARY KEY AUTOINCREMENT,
    "Provider" TEXT NOT NULL,
    "ProviderMessageId" TEXT NULL,
    "NotificationId" TEXT NULL,
    "Status" TEXT NOT NULL,
    "ErrorCode" TEXT NULL,
    "ReceivedAt" TEXT NOT NULL
);


CREATE TABLE "dispatcher_outbox" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_dispatcher_outbox" PRIMARY KEY AUTOINCREMENT,
    "MessageType" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "PublishedAt" TEXT NULL,
    "ClaimedUntil" TEXT NULL,
    "ClaimToken" TEXT NULL,
    "Attempts" INTEGER NOT NULL,
    "NotBefore" TEXT NULL
);


CREATE TABLE "dispatcher_sandbox_messages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_dispatcher_sandbox_messages" PRIMARY KEY AUTOINCREMENT,
    "NotificationId" TEXT NOT NULL,
    "Channel" TEXT NOT NULL,
    "PersonKey" TEXT NOT NULL,
    "DeviceId" TEXT NULL,
    "Recipient" TEXT NOT NULL,
    "Language" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "SmsParts" INTEGER NOT NULL,
    "RecordedAt" TEXT NOT NULL
);


CREATE TABLE "dispatcher_zalo_tokens" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_dispatcher_zalo_tokens" PRIMARY KEY,
    "AccessToken" TEXT NOT NULL,
    "RefreshToken" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "UpdatedAt" TEXT NOT NULL
);


CREATE INDEX "IX_dispatcher_attempts_At" ON "dispatcher_attempts" ("At");


CREATE INDEX "IX_dispatcher_attempts_NotificationId" ON "dispatcher_attempts" ("NotificationId");


CREATE INDEX "IX_dispatcher_deliveries_Provider_ProviderMessageId" ON "dispatcher_deliveries" ("Provider", "ProviderMessageId");


CREATE INDEX "IX_dispatcher_outbox_PublishedAt" ON "dispatcher_outbox" ("PublishedAt");


CREATE INDEX "IX_dispatcher_sandbox_messages_DeviceId" ON "dispatcher_sandbox_messages" ("DeviceId");


CREATE UNIQUE INDEX "IX_dispatcher_sandbox_messages_NotificationId" ON "dispatcher_sandbox_messages" ("NotificationId");


CREATE INDEX "IX_dispatcher_sandbox_messages_PersonKey" ON "dispatcher_sandbox_messages" ("PersonKey");


