using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace Geofence.ServiceDefaults.Settings;

/// <summary>
/// Checks a settings object by its validation attributes (recursing into nested settings objects) and
/// <see cref="ISelfCheckingSettings"/>, and names every problem by the environment variable that sets the value.
/// </summary>
public sealed class SettingsValidation<T>(string section) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options) =>
        Problems(section, options) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;

    public static void ThrowIfInvalid(string section, T settings)
    {
        if (Problems(section, settings) is { Count: > 0 } problems) throw new OptionsValidationException(section, typeof(T), problems);
    }

    public static IReadOnlyList<string> Problems(string section, object settings)
    {
        var problems = new List<string>();
        Collect(new SettingNames(section), settings, problems);
        return problems;
    }

    private static void Collect(SettingNames names, object settings, List<string> problems)
    {
        foreach (var property in settings.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            // Only what configuration can set; derived values (a backoff built from two settings) are not read.
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0) continue;
            var value = property.GetValue(settings);
            var variable = names.Of(property.Name);
            foreach (var rule in property.GetCustomAttributes<ValidationAttribute>())
            {
                var context = new ValidationContext(settings) { MemberName = property.Name, DisplayName = variable };
                if (rule.GetValidationResult(value, context) is { ErrorMessage: { } message })
                    problems.Add(rule is RequiredAttribute ? $"{variable} is required"
                        : message.StartsWith("The field ", StringComparison.Ordinal) ? message["The field ".Length..] : message);
            }
            if (value is not null && IsNestedSettings(property.PropertyType)) Collect(names.Nested(property.Name), value, problems);
        }
        if (settings is ISelfCheckingSettings self) problems.AddRange(self.Problems(names));
    }

    /// <summary>A section inside the section (Bus:RabbitMq), as opposed to a value, a string or a list.</summary>
    private static bool IsNestedSettings(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type)
        && type.Namespace?.StartsWith("Geofence", StringComparison.Ordinal) == true;
}

/// <summary>Rules that span several settings (a minimum below a maximum), reported by <see cref="SettingsValidation{T}"/>.</summary>
public interface ISelfCheckingSettings
{
    IEnumerable<string> Problems(SettingNames names);
}

/// <summary>The environment variable of each setting in a section: <c>Of("Shards")</c> in <c>Detector</c> is <c>Detector__Shards</c>.</summary>
public sealed class SettingNames(string section)
{
    private readonly string prefix = section.Replace(":", "__", StringComparison.Ordinal);

    public string Of(string property) => $"{prefix}__{property}";

    public SettingNames Nested(string property) => new($"{prefix}__{property}");
}

/// <summary>A time span or a number that must be greater than zero.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PositiveAttribute : ValidationAttribute
{
    public PositiveAttribute() : base("{0} must be greater than zero") { }

    public override bool IsValid(object? value) => value switch
    {
        null => true,
        TimeSpan span => span > TimeSpan.Zero,
        int number => number > 0,
        long number => number > 0,
        double number => number > 0,
        _ => false,
    };
}

/// <summary>An absolute http or https URL (a store link, a callback).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AbsoluteUrlAttribute : ValidationAttribute
{
    public AbsoluteUrlAttribute() : base("{0} must be an absolute http or https URL") { }

    public override bool IsValid(object? value) => value is null
        || value is string text && Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
