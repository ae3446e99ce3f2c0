using Geofence.Channels.Sending;

namespace Geofence.Channels.Zalo;

public sealed class ZaloOptions() : ProviderOptions(defaultMaxPerSecond: 10)
{
    public const string SectionName = "Channels:Zalo";

    /// <summary>The first access token; after a refresh the <see cref="IZaloTokenStore"/> holds the current one.</summary>
    public string AccessToken { get; set; } = "";

    /// <summary>The first refresh token (single-use); after a refresh the <see cref="IZaloTokenStore"/> holds the current one.</summary>
    public string RefreshToken { get; set; } = "";

    public string AppId { get; set; } = "";
    public string SecretKey { get; set; } = "";
    public string TemplateId { get; set; } = "";
    public string BaseUrl { get; set; } = "https://business.openapi.zalo.me";
    public string OAuthBaseUrl { get; set; } = "https://oauth.zaloapp.com";

    protected override string Section => SectionName;

    internal ZaloTokens InitialTokens => new(AccessToken, RefreshToken);

    protected override void Check(List<string> problems)
    {
        Require(problems, AccessToken, nameof(AccessToken));
        Require(problems, RefreshToken, nameof(RefreshToken));
        Require(problems, AppId, nameof(AppId));
        Require(problems, SecretKey, nameof(SecretKey));
        Require(problems, TemplateId, nameof(TemplateId));
        RequireUrl(problems, BaseUrl, nameof(BaseUrl));
        RequireUrl(problems, OAuthBaseUrl, nameof(OAuthBaseUrl));
    }
}
