namespace Geofence.Privacy.Tests;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("+82 10-1234-5678", "+821012345678")]
    [InlineData("0901234567", "+84901234567")]
    [InlineData("090 123 4567", "+84901234567")]
    [InlineData("+84 (90) 123-4567", "+84901234567")]
    [InlineData("+1 650-253-0000", "+16502530000")]
    public void Numbers_in_any_common_format_become_E164_with_Vietnam_as_the_default_country(string input, string e164)
    {
        Assert.True(PhoneNumber.TryNormalize(input, out var normalized));
        Assert.Equal(e164, normalized);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("+84 12")]
    [InlineData("not a number")]
    [InlineData("")]
    [InlineData(null)]
    public void Invalid_numbers_are_refused(string? input) => Assert.False(PhoneNumber.TryNormalize(input, out _));

    [Theory]
    [InlineData("0901234567", "+84901234567")]
    [InlineData("+84 90 123 4567", "+84901234567")]
    [InlineData("+82 10-1234-5678", "+821012345678")]
    [InlineData("+1 650-253-0000", "+16502530000")] // the US plan cannot tell mobiles from landlines
    public void Mobile_numbers_are_accepted_for_SMS_and_Zalo(string input, string e164)
    {
        Assert.True(PhoneNumber.TryNormalizeMobile(input, out var normalized));
        Assert.Equal(e164, normalized);
        Assert.True(PhoneNumber.IsMobile(normalized));
    }

    [Theory]
    [InlineData("024 3826 4264")] // a Hà Nội landline
    [InlineData("+84 28 3829 5000")] // a Hồ Chí Minh City landline
    [InlineData("+84 90 CALL NOW")] // libphonenumber would read the letters as digits
    [InlineData("0901234567x")]
    [InlineData("090123")]
    [InlineData("")]
    [InlineData(null)]
    public void Landlines_numbers_with_letters_and_short_numbers_are_refused_as_mobiles(string? input)
    {
        Assert.False(PhoneNumber.TryNormalizeMobile(input, out var normalized));
        Assert.Equal("", normalized);
    }

    [Theory]
    [InlineData("+84 90 CALL NOW")] // libphonenumber alone reads it as +84902255669, someone else's number
    [InlineData("+84 90 123 456A")]
    [InlineData("0９0 123 ４567 ext")]
    public void A_number_with_letters_is_no_number_at_all(string input)
    {
        Assert.False(PhoneNumber.TryNormalize(input, out var normalized));
        Assert.Equal("", normalized);
        Assert.Equal(MobileCheck.HasLetters, PhoneNumber.CheckMobile(input, out _));
    }

    [Theory]
    [InlineData("+84 24 3825 7531", "+842438257531")] // a Hà Nội landline
    [InlineData("1900 1234", "+8419001234")] // a premium-rate service number
    public void Landline_and_premium_numbers_are_valid_numbers_but_not_mobiles(string input, string e164)
    {
        Assert.True(PhoneNumber.TryNormalize(input, out var normalized));
        Assert.Equal(e164, normalized);
        Assert.False(PhoneNumber.IsMobile(normalized));
        Assert.Equal(MobileCheck.NotMobile, PhoneNumber.CheckMobile(input, out _));
    }

    [Fact]
    public void A_landline_in_E164_is_not_a_mobile() => Assert.False(PhoneNumber.IsMobile("+842438264264"));

    [Fact]
    public void A_redacted_number_keeps_only_the_country_code_and_the_last_two_digits()
    {
        var redacted = PhoneNumber.Redact("+821012345678");

        Assert.Equal("+82***78", redacted);
        Assert.DoesNotContain("1234", redacted);
    }
}
