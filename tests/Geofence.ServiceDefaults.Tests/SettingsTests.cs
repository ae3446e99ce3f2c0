using System.ComponentModel.DataAnnotations;
using Geofence.ServiceDefaults.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Geofence.ServiceDefaults.Tests;

public sealed class SettingsTests
{
    private sealed class ShardSettings : ISelfCheckingSettings
    {
        [Range(1, 64)] public int Shards { get; set; } = 8;
        [Positive] public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);
        [AbsoluteUrl] public string? CallbackUrl { get; set; }
        public NestedSettings Nested { get; set; } = new();
        public int Floor { get; set; }
        public int Ceiling { get; set; } = 10;
        public TimeSpan Derived => Interval * Shards; // not settable, not checked

        public IEnumerable<string> Problems(SettingNames names)
        {
            if (Floor > Ceiling) yield return $"{names.Of(nameof(Floor))} must be at most {names.Of(nameof(Ceiling))}";
        }
    }

    private sealed class NestedSettings
    {
        [Required] public string? Host { get; set; } = "localhost";
    }

    private static IHost Build(params (string Key, string Value)[] values)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value)));
        builder.AddSettings<ShardSettings>("Detector");
        return builder.Build();
    }

    [Fact]
    public async Task Valid_settings_are_bound_from_their_section_and_injected_as_themselves()
    {
        using var host = Build(("Detector:Shards", "16"), ("Detector:Interval", "00:00:05"));

        await host.StartAsync();

        var settings = host.Services.GetRequiredService<ShardSettings>();
        Assert.Equal((16, TimeSpan.FromSeconds(5)), (settings.Shards, settings.Interval));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_bad_value_stops_start_up_with_every_problem_named_by_its_environment_variable()
    {
        using var host = Build(("Detector:Shards", "0"), ("Detector:Interval", "-00:00:01"), ("Detector:CallbackUrl", "ftp://x"),
            ("Detector:Nested:Host", ""), ("Detector:Floor", "11"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
        [
            "Detector__Shards must be between 1 and 64.",
            "Detector__Interval must be greater than zero",
            "Detector__CallbackUrl must be an absolute http or https URL",
            "Detector__Nested__Host is required",
            "Detector__Floor must be at most Detector__Ceiling",
        ], error.Failures);
    }
}
