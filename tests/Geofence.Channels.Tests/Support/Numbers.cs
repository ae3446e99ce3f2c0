namespace Geofence.Channels.Tests.Support;

/// <summary>Fresh test data per test, so that parallel tests never share a recipient.</summary>
public static class Numbers
{
    private static int next = 10_000_000;

    /// <summary>A distinct Vietnamese mobile number in E.164, e.g. +84910000001.</summary>
    public static string Vietnamese() => $"+849{Interlocked.Increment(ref next) % 100_000_000:D8}";

    public static string PushToken() => "tok_" + Convert.ToHexString(Guid.NewGuid().ToByteArray()) + Convert.ToHexString(Guid.NewGuid().ToByteArray());
}
