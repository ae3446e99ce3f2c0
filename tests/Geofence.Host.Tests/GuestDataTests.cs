using Geofence.Privacy;
using Geofence.Testing;

namespace Geofence.Host.Tests;

/// <summary>The tests' own guest data must be valid, or a test fails at random on the numbers it happened to draw.</summary>
public sealed class GuestDataTests
{
    [Fact]
    public void Every_generated_guest_phone_number_is_valid()
    {
        var invalid = Enumerable.Range(0, 20_000).Select(_ => Guests.NewKoreanPhone())
            .Concat(Enumerable.Range(0, 20_000).Select(_ => Guests.NewVietnamesePhone()))
            .Where(phone => !PhoneNumber.TryNormalize(phone, out var e164) || e164 != phone).Distinct().Take(5).ToArray();

        Assert.Empty(invalid);
    }
}
