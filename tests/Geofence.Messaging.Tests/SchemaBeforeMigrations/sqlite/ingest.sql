CREATE TABLE "ingest_checkins" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ingest_checkins" PRIMARY KEY,
    "PropertyId" TEXT NOT NULL,
    "IdempotencyKey" TEXT NOT NULL,
    "BodyHash" TEXT NOT NULL,
    "ReservationId" TEXT NOT NULL,
    "AcceptedAt" TEXT NOT NULL
);


CREATE TABLE "ingest_feeds" (
    "FeedId" TEXT NOT NULL CONSTRAINT "PK_ingest_feeds" PRIMARY KEY,
    "Kind" TEXT NOT NULL,
    "ApiKeyHash" TEXT NOT NULL,
    "RegisteredAt" TEXT NOT NULL
);


CREATE TABLE "ingest_hotels" (
    "PropertyId" TEXT NOT NULL CONSTRAINT "PK_ingest_hotels" PRIMARY KEY,
    "ProvinceCode" TEXT NOT NULL,
    "ApiKeyHash" TEXT NOT NULL,
    "RegisteredAt" TEXT NOT NULL
);


CREATE TABLE "ingest_outbox" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ingest_outbox" PRIMARY KEY AUTOINCREMENT,
    "MessageType" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "PublishedAt" TEXT NULL,
    "ClaimedUntil" TEXT NULL,
    "ClaimToken" TEXT NULL,
    "Attempts" INTEGER NOT NULL,
    "NotBefore" TEXT NULL
);


CREATE UNIQUE INDEX "IX_ingest_checkins_PropertyId_IdempotencyKey" ON "ingest_checkins" ("PropertyId", "IdempotencyKey");


CREATE UNIQUE INDEX "IX_ingest_feeds_ApiKeyHash" ON "ingest_feeds" ("ApiKeyHash");


CREATE UNIQUE INDEX "IX_ingest_hotels_ApiKeyHash" ON "ingest_hotels" ("ApiKeyHash");


CREATE INDEX "IX_ingest_outbox_PublishedAt" ON "ingest_outbox" ("PublishedAt");


