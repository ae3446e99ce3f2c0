using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Geofence.Testing;

/// <summary>
/// A Geofence service running as its own operating-system process on a free loopback port, the way it runs in
/// production. <see cref="KillAsync"/> ends it without warning, as a crash would.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> environment;
    private readonly ConcurrentQueue<string> output = new();
    private Process? process;

    private ServiceProcess(string project, IReadOnlyDictionary<string, string> environment, Uri baseAddress)
    {
        Project = project;
        this.environment = environment;
        BaseAddress = baseAddress;
    }

    public string Project { get; }
    public Uri BaseAddress { get; }
    public string Output => string.Join(Environment.NewLine, output);

    /// <summary>The operating-system process id of the running process (a new one after each restart).</summary>
    public int ProcessId => process?.Id ?? throw new InvalidOperationException($"{Project} is not running");

    /// <summary>The process's peak resident memory so far (VmHWM in /proc/PID/status), in bytes; null where there is no /proc.</summary>
    public long? PeakResidentBytes()
    {
        var status = $"/proc/{ProcessId}/status";
        if (!File.Exists(status)) return null;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    public static async Task<ServiceProcess> StartAsync(string project, IReadOnlyDictionary<string, string> environment)
    {
        var service = new ServiceProcess(project, environment, new Uri($"http://127.0.0.1:{FreePort()}"));
        try
        {
            await service.LaunchAsync();
        }
        catch
        {
            // A process that never became ready must not outlive the test that started it.
            await service.DisposeAsync();
            throw;
        }
        return service;
    }

    /// <summary>
    /// Runs a service for one chore (<c>--migrate</c>) or until it refuses to start, and returns its exit code and
    /// everything it printed.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string project, IReadOnlyDictionary<string, string> environment,
        params string[] arguments)
    {
        var start = StartInfo(project, environment, new Uri($"http://127.0.0.1:{FreePort()}"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {project}");
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{project} {string.Join(' ', arguments)} did not exit:\n{string.Join(Environment.NewLine, output)}");
        }
        process.WaitForExit(); // drains the output
        return (process.ExitCode, string.Join(Environment.NewLine, output));
    }

    /// <summary>Kills the process and starts it again on the same address and data, as a supervisor would.</summary>
    public async Task CrashAndRestartAsync()
    {
        await KillAsync();
        await RestartAsync();
    }

    /// <summary>Starts the process again (after <see cref="KillAsync"/>) on the same address and data, and waits until it is ready.</summary>
    public async Task RestartAsync()
    {
        process!.Dispose();
        await LaunchAsync();
    }

    private async Task LaunchAsync()
    {
        var start = StartInfo(Project, environment, BaseAddress);
        process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Project}");
        output.Enqueue($"--- {Project} started as process {process.Id} ---");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilReadyAsync(TimeSpan.FromSeconds(180));
    }

    private static ProcessStartInfo StartInfo(string project, IReadOnlyDictionary<string, string> environment, Uri baseAddress)
    {
        var dll = RepositoryPaths.ServiceAssembly(project);
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build {project} first", dll);
        var start = new ProcessStartInfo("dotnet", ["exec", dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ASPNETCORE_URLS"] = baseAddress.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = Environment.GetEnvironmentVariable("GEOFENCE_TEST_SERVICE_LOG_LEVEL") ?? "Warning";
        // Every test talks from 127.0.0.1 and polls each new key every 20 ms until Ingest knows it: under the default
        // failed-authentication limit (20 a minute per address) that polling alone would lock the tests out.
        start.Environment["RateLimits__FailedAuthPerMinute"] = "1000000";
        // A loaded CI machine has taken 5 s for Ingest's first confirmation of a key; the test is that the key works when
        // handed out, not how soon Admin gives up.
        start.Environment["Auth__KeyConfirmationTimeout"] = "00:01:00";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return start;
    }

    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    /// <summary>Asks the process to stop (SIGTERM), as an orchestrator does, and waits until it has shut down.</summary>
    public async Task StopAsync(TimeSpan within)
    {
        if (process is null || process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(within);
        await process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Ends the process at once: no graceful shutdown, nothing flushed, as when a machine dies.</summary>
    public async Task KillAsync()
    {
        if (process is null || process.HasExited) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (process is null) return;
        await KillAsync();
        process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan within)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (process!.HasExited)
                throw new InvalidOperationException($"{Project} exited with {process.ExitCode}:\n{Output}");
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{Project} was not ready within {within}:\n{Output}");
    }

    /// <summary>A loopback port nobody listens on now (a server started on it right after gets it in practice).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
