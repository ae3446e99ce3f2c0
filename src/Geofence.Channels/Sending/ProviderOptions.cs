using Microsoft.Extensions.Options;

namespace Geofence.Channels.Sending;

/// <summary>Settings every provider client shares, and self-validation that names each problem by its environment variable.</summary>
public abstract class ProviderOptions
{
    protected ProviderOptions(int defaultMaxPerSecond) => MaxPerSecond = defaultMaxPerSecond;

    /// <summary>Sends per second this client allows itself, so that a burst stays within the provider's quota.</summary>
    public int MaxPerSecond { get; set; }

    /// <summary>
    /// The share of <see cref="MaxPerSecond"/> that background sends (campaigns) may take together, greater than 0 and at
    /// most 1; immediate sends may always use the whole rate. The Dispatcher sets it from its
    /// <c>Campaigns:MaxShareOfProviderRate</c>, so that one setting covers every provider.
    /// </summary>
    public double BackgroundShare { get; set; } = 1;

    /// <summary>How long one HTTP call may take before it counts as a transient failure.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The configuration section, e.g. <c>Channels:Twilio</c>.</summary>
    protected abstract string Section { get; }

    /// <summary>Every problem with these settings; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Check(problems);
        if (MaxPerSecond < 1) problems.Add($"{Variable(nameof(MaxPerSecond))} must be at least 1");
        if (!(BackgroundShare is > 0 and <= 1)) problems.Add($"{Variable(nameof(BackgroundShare))} must be greater than 0 and at most 1");
        if (RequestTimeout <= TimeSpan.Zero) problems.Add($"{Variable(nameof(RequestTimeout))} must be positive");
        return problems;
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every problem, so that start-up fails with one clear message.</summary>
    public void EnsureValid()
    {
        var problems = Validate();
        if (problems.Count > 0) throw new OptionsValidationException(Section, GetType(), problems);
    }

    protected abstract void Check(List<string> problems);

    /// <summary>The environment variable that sets <paramref name="property"/>, e.g. <c>Channels__Twilio__AccountSid</c>.</summary>
    protected string Variable(string property) => $"{Section.Replace(":", "__", StringComparison.Ordinal)}__{property}";

    protected void Require(List<string> problems, string? value, string property)
    {
        if (string.IsNullOrWhiteSpace(value)) problems.Add($"{Variable(property)} is missing");
    }

    protected void RequireUrl(List<string> problems, string? value, string property)
    {
        if (string.IsNullOrWhiteSpace(value)) problems.Add($"{Variable(property)} is missing");
        else if (!IsHttpUrl(value)) problems.Add($"{Variable(property)} must be an absolute http or https URL");
    }

    protected void OptionalUrl(List<string> problems, string? value, string property)
    {
        if (!string.IsNullOrWhiteSpace(value) && !IsHttpUrl(value))
            problems.Add($"{Variable(property)} must be an absolute http or https URL");
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
