using Geofence.Channels.Twilio;
using Microsoft.Extensions.Primitives;

namespace Geofence.Channels.Tests.Twilio;

public sealed class TwilioSignatureTests
{
    // Twilio's documented example: auth token 12345, this URL and form give this signature.
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string DocumentedSignature = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    private readonly TwilioSignature signature = new("12345");

    private static Dictionary<string, string> Form() => new()
    {
        ["To"] = "+18005551212",
        ["Digits"] = "1234",
        ["CallSid"] = "CA1234567890ABCDE",
        ["From"] = "+14158675309",
        ["Caller"] = "+14158675309",
    };

    [Fact]
    public void The_documented_example_computes_to_the_documented_signature_whatever_the_form_order()
    {
        Assert.Equal(DocumentedSignature, signature.Compute(Url, Form()));
        Assert.Equal(DocumentedSignature, signature.Compute(Url, Form().Reverse()));
    }

    [Fact]
    public void The_documented_signature_verifies()
    {
        Assert.True(signature.IsValid(Url, Form(), DocumentedSignature));
    }

    [Fact]
    public void A_tampered_value_fails_verification()
    {
        var form = Form();
        form["Digits"] = "9999";

        Assert.False(signature.IsValid(Url, form, DocumentedSignature));
    }

    [Fact]
    public void An_added_field_fails_verification()
    {
        var form = Form();
        form["ErrorCode"] = "30007";

        Assert.False(signature.IsValid(Url, form, DocumentedSignature));
    }

    [Fact]
    public void A_different_url_fails_verification()
    {
        Assert.False(signature.IsValid(Url + "&baz=3", Form(), DocumentedSignature));
    }

    [Fact]
    public void Another_auth_token_fails_verification()
    {
        Assert.False(new TwilioSignature("54321").IsValid(Url, Form(), DocumentedSignature));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("RSOYDt4T1cUTdK1PDd93/VVr8B8")]
    [InlineData("rsoydt4t1cutdk1pdd93/vvr8b8=")]
    public void A_missing_truncated_or_recased_signature_fails_verification(string? given)
    {
        Assert.False(signature.IsValid(Url, Form(), given));
    }

    [Fact]
    public void A_url_signed_with_its_default_port_also_verifies_without_it()
    {
        var signedWithPort = signature.Compute("https://mycompany.com:443/myapp.php?foo=1&bar=2", Form());

        Assert.True(signature.IsValid(Url, Form(), signedWithPort));
    }

    [Fact]
    public void A_status_callback_form_round_trips_through_compute_and_verify()
    {
        const string callbackUrl = "https://dispatcher.example/api/v1/receipts/twilio";
        var callback = new Dictionary<string, StringValues>
        {
            ["MessageSid"] = "SM0123456789abcdef0123456789abcdef",
            ["MessageStatus"] = "delivered",
            ["ErrorCode"] = "",
            ["To"] = "+84912345678",
            ["From"] = "GEOFENCE",
        };
        var header = signature.Compute(callbackUrl, callback);

        Assert.True(signature.IsValid(callbackUrl, callback, header));
        callback["MessageStatus"] = "failed";
        Assert.False(signature.IsValid(callbackUrl, callback, header));
    }
}
