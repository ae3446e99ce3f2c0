using System.Security.Cryptography;

namespace Geofence.Privacy.Tests;

public sealed class FieldCipherTests
{
    private readonly FieldCipher cipher = new("privacy-key-one");

    [Fact]
    public void A_protected_value_reads_back_and_does_not_contain_the_clear_text()
    {
        var stored = cipher.Protect("+84912345678")!;

        Assert.DoesNotContain("912345678", stored);
        Assert.Equal("+84912345678", cipher.Unprotect(stored));
    }

    [Fact]
    public void The_same_value_is_stored_differently_each_time_so_equal_values_cannot_be_spotted()
    {
        Assert.NotEqual(cipher.Protect("token-1"), cipher.Protect("token-1"));
    }

    [Fact]
    public void Null_stays_null_and_a_value_stored_before_encryption_reads_as_it_is()
    {
        Assert.Null(cipher.Protect(null));
        Assert.Null(cipher.Unprotect(null));
        Assert.Equal("+84912345678", cipher.Unprotect("+84912345678"));
    }

    [Fact]
    public void A_value_protected_under_another_key_is_refused_with_a_message_naming_the_setting()
    {
        var stored = new FieldCipher("privacy-key-two").Protect("token-1");

        var error = Assert.Throws<CryptographicException>(() => cipher.Unprotect(stored));
        Assert.Contains("Privacy__PhoneHashKey", error.Message);
    }

    [Fact]
    public void A_tampered_value_is_refused()
    {
        var stored = cipher.Protect("token-1")!;
        var bytes = Convert.FromBase64String(stored["enc1:".Length..]);
        bytes[^1] ^= 1;

        Assert.Throws<CryptographicException>(() => cipher.Unprotect("enc1:" + Convert.ToBase64String(bytes)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(20)]
    [InlineData(163)]
    [InlineData(4096)]
    public void The_stored_length_of_an_ASCII_value_is_known_in_advance_for_the_column(int length)
    {
        Assert.Equal(FieldCipher.StoredLength(length), cipher.Protect(new string('x', length))!.Length);
    }
}
