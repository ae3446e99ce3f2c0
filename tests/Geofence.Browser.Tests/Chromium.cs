using Geofence.Templates;
using Microsoft.Playwright;

namespace Geofence.Browser.Tests;

/// <summary>Debian's headless Chromium, driven by Playwright (no browser download: <c>playwright install</c> is not used).</summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";
    private static readonly string[] StoreHosts =
        [new Uri(PolicyRules.Default.App.AndroidUrl).Host, new Uri(PolicyRules.Default.App.IosUrl).Host];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: apt-get install chromium (infra/test.sh installs it)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                // A redirect to an app store ends there, whether or not the machine is online (Playwright cannot route a redirect).
                $"--host-resolver-rules=MAP {StoreHosts[0]} ~NOTFOUND, MAP {StoreHosts[1]} ~NOTFOUND",
            ],
        });
        return (playwright, browser);
    }
}
