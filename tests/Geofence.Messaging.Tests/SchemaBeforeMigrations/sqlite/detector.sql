CREATE TABLE "detector_geofence_sets" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_detector_geofence_sets" PRIMARY KEY,
    "Version" INTEGER NOT NULL,
    "FeatureCollection" TEXT NOT NULL,
    "ReceivedAt" TEXT NOT NULL
);


CREATE TABLE "detector_outbox" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_detector_outbox" PRIMARY KEY AUTOINCREMENT,
    "MessageType" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "PublishedAt" TEXT NULL,
    "ClaimedUntil" TEXT NULL,
    "ClaimToken" TEXT NULL,
    "Attempts" INTEGER NOT NULL,
    "NotBefore" TEXT NULL
);


CREATE TABLE "detector_subjects" (
    "Key" TEXT NOT NULL CONSTRAINT "PK_detector_subjects" PRIMARY KEY,
    "LastAt" TEXT NOT NULL,
    "LastProvinceCode" TEXT NULL,
    "LastAtPointOfEntry" INTEGER NOT NULL
);


CREATE INDEX "IX_detector_outbox_PublishedAt" ON "detector_outbox" ("PublishedAt");


