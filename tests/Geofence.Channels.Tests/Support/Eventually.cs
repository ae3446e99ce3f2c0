namespace Geofence.Channels.Tests.Support;

public static class Eventually
{
    /// <summary>Waits for a condition that other threads will make true; the bound only stops a broken test from hanging.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting until {what}{(describe is null ? "" : $" ({describe()})")}.");
            await Task.Delay(10);
        }
    }
}
