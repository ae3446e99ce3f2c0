using Geofence.Channels.Sending;

namespace Geofence.Channels.Tests.Sending;

public sealed class ProviderTextTests
{
    [Theory]
    [InlineData("The 'To' number +84912345678 is not a valid phone number.", "+84912345678")]
    [InlineData("Phone 0912345678 is blocked", "0912345678")]
    [InlineData("Phone number 84 912 345 678 is invalid", "912 345 678")]
    [InlineData("The registration token is not a valid FCM registration token: dGhpc2lzYXZlcnlsb25ncHVzaHRva2VuMTIz:APA91b", "dGhpc2lzYXZlcnlsb25ncHVzaHRva2VuMTIz")]
    public void Numbers_and_tokens_in_provider_text_are_scrubbed(string text, string secret)
    {
        var scrubbed = ProviderText.Scrub(text);

        Assert.DoesNotContain(secret, scrubbed);
        Assert.Contains("***", scrubbed);
    }

    [Fact]
    public void Ordinary_text_and_short_codes_are_kept()
    {
        Assert.Equal("Authorize Failed (code 101)", ProviderText.Scrub("Authorize Failed (code 101)"));
    }

    [Fact]
    public void Long_text_is_cut_to_200_characters()
    {
        Assert.Equal(200, ProviderText.Scrub(string.Join(' ', Enumerable.Repeat("word", 100))).Length);
    }
}
