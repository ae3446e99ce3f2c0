#!/usr/bin/env bash
# Adds a migration to one service's schema, for both PostgreSQL and SQLite:
#   bash infra/add-migration.sh <Ingest|Detector|Notifier|Dispatcher|Admin|Messaging> <MigrationName>
# Each service keeps its migrations in Migrations/Postgres and Migrations/Sqlite, each set with a model snapshot of
# its own (<Context><Provider>ModelSnapshot). Review both generated migrations before committing them.
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO_ROOT"
service=${1:?service: Ingest, Detector, Notifier, Dispatcher, Admin or Messaging (the claim-check store)}
name=${2:?migration name, e.g. AddDeliveryRound}
project=src/Geofence.$service
context=${service}Db
[[ -d $project ]] || { echo "no project $project" >&2; exit 2; }

dotnet tool restore >/dev/null
for provider in Postgres Sqlite; do
    dotnet build src/Geofence.Host -v q -nologo >/dev/null
    dotnet ef migrations add "$name" --no-build \
        --project "$project" --startup-project src/Geofence.Host --context "$context" \
        --output-dir "Migrations/$provider" --namespace "Geofence.$service.Migrations.$provider" \
        -- --provider "$provider"
    # A first migration comes with a snapshot named after the context alone; both providers' would share a file.
    generic=$(find "$project" -name "${context}ModelSnapshot.cs" -not -path '*/obj/*' -not -path '*/bin/*' | head -n 1)
    if [[ -n $generic ]]; then
        sed -i "s/partial class ${context}ModelSnapshot/partial class ${context}${provider}ModelSnapshot/" "$generic"
        mv "$generic" "$project/Migrations/$provider/${context}${provider}ModelSnapshot.cs"
        find "$project" -mindepth 1 -type d -empty -not -path '*/obj/*' -not -path '*/bin/*' -delete
    fi
done
