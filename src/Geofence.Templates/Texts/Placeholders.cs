namespace Geofence.Templates;

/// <summary>
/// The placeholders a template may use, written <c>{name}</c>. Text in <c>[</c> … <c>]</c> is an optional part: it is left
/// out whole when a placeholder inside it renders empty (the greeting "[Hello {greetingName}! ]" disappears when no usable
/// name is known). A literal bracket is written <c>[[</c> or <c>]]</c>; optional parts do not nest; a brace is always a
/// placeholder's.
/// </summary>
public static class Placeholders
{
    public const string FirstName = "firstName";
    public const string LastName = "lastName";
    /// <summary>The name to greet with: family name first for ko, zh-Hans, zh-Hant and ja; empty when no usable name is known.</summary>
    public const string GreetingName = "greetingName";
    public const string AppName = "appName";
    /// <summary>The province in the reader's script where one is usual (see <see cref="ProvinceNames"/>).</summary>
    public const string ProvinceName = "provinceName";
    public const string AndroidLink = "androidLink";
    public const string IosLink = "iosLink";
    /// <summary>One short link that sends each phone to its store, so that an SMS needs one link, not two.</summary>
    public const string InstallLink = "installLink";
    /// <summary>The one-tap opt-out link every SMS and Zalo message must carry.</summary>
    public const string OptOutLink = "optOutLink";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
        { FirstName, LastName, GreetingName, AppName, ProvinceName, AndroidLink, IosLink, InstallLink, OptOutLink };

    /// <summary><paramref name="name"/> as a template writes it: <c>{name}</c>.</summary>
    public static string Token(string name) => "{" + name + "}";
}
