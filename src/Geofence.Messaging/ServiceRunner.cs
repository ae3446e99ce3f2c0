using Geofence.Messaging.Persistence;
using Geofence.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Geofence.Messaging;

/// <summary>How every Geofence process runs: as a service, or for one deployment chore and then exits.</summary>
public static class ServiceRunner
{
    /// <summary>
    /// <c>--migrate</c> applies the pending migrations of every schema this process owns and exits;
    /// <c>--migrations-script</c> prints the SQL of all its migrations (idempotent) for a DBA and exits. Otherwise the
    /// service runs; if it must not start as configured (a bad setting, a schema behind) it says why in one line and
    /// exits with 1.
    /// </summary>
    public static async Task<int> RunServiceAsync(this WebApplication app, string[] args)
    {
        var name = app.Environment.ApplicationName;
        try
        {
            if (args.Contains("--migrate")) return await MigrateAsync(app.Services, name);
            if (args.Contains("--migrations-script")) return PrintScripts(app.Services);
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (StartupRefusedException.IsRefusal(e))
        {
            await Console.Error.WriteLineAsync($"{name} cannot start: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, string name)
    {
        foreach (var schema in services.GetServices<ServiceSchemaRegistration>())
        {
            await using var scope = services.CreateAsyncScope();
            var db = (ServiceDbContext)scope.ServiceProvider.GetRequiredService(schema.ContextType);
            var applied = await ServiceSchema.MigrateAsync(db, CancellationToken.None);
            Console.WriteLine($"{name}: {ServiceDbContext.TablePrefixOf(schema.ContextType)} schema up to date" +
                              (applied.Count > 0 ? $", applied {string.Join(", ", applied)}" : ", nothing to apply"));
        }
        return 0;
    }

    private static int PrintScripts(IServiceProvider services)
    {
        foreach (var schema in services.GetServices<ServiceSchemaRegistration>())
        {
            using var scope = services.CreateScope();
            var db = (ServiceDbContext)scope.ServiceProvider.GetRequiredService(schema.ContextType);
            Console.WriteLine($"-- {ServiceDbContext.TablePrefixOf(schema.ContextType)} schema");
            Console.WriteLine(ServiceSchema.Script(db));
        }
        return 0;
    }
}
