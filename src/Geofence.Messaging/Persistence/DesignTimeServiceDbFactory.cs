using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Geofence.Messaging.Persistence;

/// <summary>
/// How <c>dotnet ef</c> makes a service's context to add a migration, for the provider named after <c>--</c>:
/// <c>dotnet ef migrations add Name ... -- --provider Postgres</c> (or <c>Sqlite</c>). No database is opened.
/// </summary>
public abstract class DesignTimeServiceDbFactory<TContext> : IDesignTimeDbContextFactory<TContext> where TContext : ServiceDbContext
{
    public TContext CreateDbContext(string[] args)
    {
        var at = Array.IndexOf(args, "--provider");
        var provider = at >= 0 && at + 1 < args.Length && Enum.TryParse<DatabaseProvider>(args[at + 1], ignoreCase: true, out var chosen)
            ? chosen
            : throw new ArgumentException("Name the provider after --: dotnet ef migrations add <Name> ... -- --provider Postgres|Sqlite");
        var settings = DatabaseSettings.For(provider, provider == DatabaseProvider.Postgres ? "Host=localhost" : "Data Source=:memory:");
        var options = new DbContextOptionsBuilder<TContext>();
        settings.Configure(options, typeof(TContext));
        return (TContext)Activator.CreateInstance(typeof(TContext), options.Options)!;
    }
}
