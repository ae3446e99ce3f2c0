using Microsoft.Extensions.Options;

namespace Geofence.ServiceDefaults;

/// <summary>The service must not start as configured; the message says why and what to do. Ends the process with 1.</summary>
public sealed class StartupRefusedException(string message) : Exception(message)
{
    /// <summary>A setting that fails validation or a refusal like this one: told in one line, not a stack trace.</summary>
    public static bool IsRefusal(object? exception) => exception is OptionsValidationException or StartupRefusedException;

    /// <summary>
    /// A bad setting can surface wherever it is first read (building the bus, mapping health checks), before the service
    /// runs: whenever it does, the process says why in one line and exits with 1.
    /// </summary>
    internal static void ExitOnRefusal(string serviceName) =>
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (!IsRefusal(e.ExceptionObject)) return;
            Console.Error.WriteLine($"{serviceName} cannot start: {((Exception)e.ExceptionObject).Message}");
            Environment.Exit(1);
        };
}
