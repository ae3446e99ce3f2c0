using System.Reflection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Geofence.Messaging.Persistence;

/// <summary>
/// One service's migrations for the database provider in use. A service carries two sets, generated from the same
/// model (<c>Migrations.Postgres</c> and <c>Migrations.Sqlite</c> namespaces of its assembly), because each provider
/// writes its own column types; EF Core would otherwise take both sets for one.
/// </summary>
internal sealed class ProviderMigrationsAssembly(ICurrentDbContext currentContext, IDatabaseProvider provider, IMigrationsIdGenerator ids)
    : IMigrationsAssembly
{
    private readonly Type contextType = currentContext.Context.GetType();
    private IReadOnlyDictionary<string, TypeInfo>? migrations;
    private ModelSnapshot? snapshot;
    private bool snapshotLookedUp;

    /// <summary><c>Postgres</c> or <c>Sqlite</c>: the last part of the namespace of the migrations for <paramref name="providerName"/>.</summary>
    public static string FolderFor(string providerName) =>
        providerName.Contains("Npgsql", StringComparison.Ordinal) ? nameof(DatabaseProvider.Postgres) : nameof(DatabaseProvider.Sqlite);

    public Assembly Assembly => contextType.Assembly;

    public IReadOnlyDictionary<string, TypeInfo> Migrations => migrations ??= Find()
        .Where(t => t.IsSubclassOf(typeof(Migration)) && t.GetCustomAttribute<MigrationAttribute>() is not null)
        .Select(t => (Id: t.GetCustomAttribute<MigrationAttribute>()!.Id, Type: t))
        .OrderBy(m => m.Id, StringComparer.Ordinal)
        .ToDictionary(m => m.Id, m => m.Type);

    public ModelSnapshot? ModelSnapshot
    {
        get
        {
            if (snapshotLookedUp) return snapshot;
            snapshotLookedUp = true;
            var type = Find().FirstOrDefault(t => t.IsSubclassOf(typeof(ModelSnapshot)));
            return snapshot = type is null ? null : (ModelSnapshot)Activator.CreateInstance(type.AsType())!;
        }
    }

    public string? FindMigrationId(string nameOrId) => Migrations.Keys.FirstOrDefault(id =>
        string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase)
        || string.Equals(ids.GetName(id), nameOrId, StringComparison.OrdinalIgnoreCase));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }

    private IEnumerable<TypeInfo> Find()
    {
        var suffix = ".Migrations." + FolderFor(provider.Name);
        return Assembly.DefinedTypes.Where(t =>
            t.Namespace?.EndsWith(suffix, StringComparison.Ordinal) == true
            && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == contextType);
    }
}
