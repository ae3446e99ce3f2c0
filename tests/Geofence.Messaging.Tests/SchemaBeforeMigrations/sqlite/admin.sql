CREATE TABLE "admin_feeds" (
    "FeedId" TEXT NOT NULL CONSTRAINT "PK_admin_feeds" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "ApiKeyHash" TEXT NOT NULL,
    "RegisteredAt" TEXT NOT NULL
);


CREATE TABLE "admin_geofence_versions" (
    "Version" INTEGER NOT NULL CONSTRAINT "PK_admin_geofence_versions" PRIMARY KEY,
    "ChangedAt" TEXT NOT NULL
);


CREATE TABLE "admin_geofences" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_admin_geofences" PRIMARY KEY,
    "Kind" TEXT NOT NULL,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "ValidFrom" TEXT NULL,
    "ValidTo" TEXT NULL,
    "Feature" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL
);


CREATE TABLE "admin_hotels" (
    "PropertyId" TEXT NOT NULL CONSTRAINT "PK_admin_hotels" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "ProvinceCode" TEXT NOT NULL,
    "ApiKeyHash" TEXT NOT NULL,
    "RegisteredAt" TEXT NOT NULL,
    "KeyIssuedAt" TEXT NOT NULL
);


CREATE TABLE "admin_notifications" (
    "Sequence" INTEGER NOT NULL CONSTRAINT "PK_admin_notifications" PRIMARY KEY AUTOINCREMENT,
    "NotificationId" TEXT NOT NULL,
    "Trigger" TEXT NULL,
    "Channel" TEXT NULL,
    "Provider" TEXT NULL,
    "Language" TEXT NULL,
    "Status" TEXT NOT NULL,
    "Reason" TEXT NULL,
    "ProvinceCode" TEXT NULL,
    "PropertyId" TEXT NULL,
    "PersonKey" TEXT NULL,
    "DeviceId" TEXT NULL,
    "Text" TEXT NULL,
    "SmsParts" INTEGER NOT NULL,
    "CreatedAt" TEXT NULL,
    "SentAt" TEXT NULL
);


CREATE TABLE "admin_opt_outs" (
    "PersonKey" TEXT NOT NULL CONSTRAINT "PK_admin_opt_outs" PRIMARY KEY,
    "Source" TEXT NULL,
    "Code" TEXT NULL,
    "Note" TEXT NULL,
    "OptedOutAt" TEXT NULL,
    "LiftedAt" TEXT NULL
);


CREATE TABLE "admin_outbox" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_admin_outbox" PRIMARY KEY AUTOINCREMENT,
    "MessageType" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "PublishedAt" TEXT NULL,
    "ClaimedUntil" TEXT NULL,
    "ClaimToken" TEXT NULL,
    "Attempts" INTEGER NOT NULL,
    "NotBefore" TEXT NULL
);


CREATE INDEX "IX_admin_geofences_Kind_Code" ON "admin_geofences" ("Kind", "Code");


CREATE INDEX "IX_admin_notifications_DeviceId" ON "admin_notifications" ("DeviceId");


CREATE UNIQUE INDEX "IX_admin_notifications_NotificationId" ON "admin_notifications" ("NotificationId");


CREATE INDEX "IX_admin_notifications_PersonKey" ON "admin_notifications" ("PersonKey");


CREATE INDEX "IX_admin_outbox_PublishedAt" ON "admin_outbox" ("PublishedAt");


