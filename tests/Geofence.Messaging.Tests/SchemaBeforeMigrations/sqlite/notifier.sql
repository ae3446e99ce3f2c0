CREATE TABLE "notifier_decisions" (
    "Key" TEXT NOT NULL CONSTRAINT "PK_notifier_decisions" PRIMARY KEY,
    "NotificationId" TEXT NOT NULL,
    "Outcome" TEXT NOT NULL,
    "DecidedAt" TEXT NOT NULL
);


CREATE TABLE "notifier_devices" (
    "Key" TEXT NOT NULL CONSTRAINT "PK_notifier_devices" PRIMARY KEY,
    "DeviceId" TEXT NOT NULL,
    "Platform" TEXT NOT NULL,
    "PushToken" TEXT NULL,
    "Language" TEXT NULL,
    "Phone" TEXT NULL,
    "PhoneKey" TEXT NULL,
    "BluezoneInstalled" INTEGER NOT NULL,
    "RegisteredAt" TEXT NOT NULL
);


CREATE TABLE "notifier_opt_outs" (
    "PersonKey" TEXT NOT NULL CONSTRAINT "PK_notifier_opt_outs" PRIMARY KEY,
    "Source" TEXT NULL,
    "Code" TEXT NULL,
    "Note" TEXT NULL,
    "OptedOutAt" TEXT NULL,
    "LiftedAt" TEXT NULL
);


CREATE TABLE "notifier_outbox" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_notifier_outbox" PRIMARY KEY AUTOINCREMENT,
    "MessageType" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "PublishedAt" TEXT NULL,
    "ClaimedUntil" TEXT NULL,
    "ClaimToken" TEXT NULL,
    "Attempts" INTEGER NOT NULL,
    "NotBefore" TEXT NULL
);


CREATE TABLE "notifier_visits" (
    "person_key" TEXT NOT NULL,
    "province_code" TEXT NOT NULL,
    "notification_id" TEXT NOT NULL,
    "decision_key" TEXT NOT NULL,
    "notified_at_ms" INTEGER NOT NULL,
    CONSTRAINT "PK_notifier_visits" PRIMARY KEY ("person_key", "province_code")
);


CREATE INDEX "IX_notifier_devices_PhoneKey" ON "notifier_devices" ("PhoneKey");


CREATE INDEX "IX_notifier_outbox_PublishedAt" ON "notifier_outbox" ("PublishedAt");


