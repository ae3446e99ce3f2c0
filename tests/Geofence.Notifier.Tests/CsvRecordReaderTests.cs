using System.Text;
using Geofence.Notifier.Audiences;

namespace Geofence.Notifier.Tests;

/// <summary>The streamed CSV reader: RFC 4180 records, numbered by the line they start on, UTF-8 only, long lines skipped.</summary>
public sealed class CsvRecordReaderTests
{
    [Fact]
    public async Task Records_are_numbered_by_their_first_line_and_a_quoted_line_break_stays_in_its_field()
    {
        var records = await ReadAllAsync("\uFEFFphone,name\r\n0901234567,\"Nguyễn, \"\"A\"\"\r\nsecond line\"\r\n\r\n0912345678,B");

        Assert.Equal([1, 2, 5], records.Select(r => r.Line));
        var cells = new List<string>();
        Assert.True(CsvRecordReader.TrySplit(records[1].Text!, cells));
        Assert.Equal(["0901234567", "Nguyễn, \"A\"\r\nsecond line"], cells);
        Assert.Equal("phone,name", records[0].Text);
    }

    [Fact]
    public async Task A_line_over_1024_characters_is_rejected_and_the_next_line_is_read()
    {
        var records = await ReadAllAsync($"phone\n{new string('9', 5000)}\"\n0901234567\n{new string('é', 1025)}\n0912345678");

        Assert.Equal([(1, null), (2, "is longer than 1024 characters."), (3, null), (4, "is longer than 1024 characters."), (5, null)],
            records.Select(r => (r.Line, r.Error)));
    }

    [Fact]
    public async Task A_line_that_is_not_UTF8_is_rejected_and_the_rest_is_read()
    {
        var bytes = Encoding.UTF8.GetBytes("phone\n0901234567\n").Concat(new byte[] { 0x30, 0xC3, 0x28, 0x0A }).Concat(Encoding.UTF8.GetBytes("0912345678")).ToArray();

        var records = await ReadAllAsync(bytes);

        Assert.Equal([(1, null), (2, null), (3, "is not valid UTF-8."), (4, null)], records.Select(r => (r.Line, r.Error)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_UTF16_file_with_or_without_its_BOM_is_refused_as_not_UTF8(bool bom)
    {
        var bytes = (bom ? Encoding.Unicode.GetPreamble() : []).Concat(Encoding.Unicode.GetBytes("phone\n0901234567\n")).ToArray();

        var refused = await Assert.ThrowsAsync<CsvUploadException>(() => ReadAllAsync(bytes));

        Assert.Equal((400, "body"), (refused.Status, refused.Field));
        Assert.Contains("UTF-8", refused.Message);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_as_too_large()
    {
        var reader = new CsvRecordReader(new MemoryStream(Encoding.UTF8.GetBytes("phone\n" + string.Concat(Enumerable.Repeat("0901234567\n", 200)))), 1000);

        var refused = await Assert.ThrowsAsync<CsvUploadException>(async () => { while (await reader.ReadAsync(CancellationToken.None) is not null) { } });

        Assert.Equal(413, refused.Status);
    }

    [Theory]
    [InlineData("a,\"b\"x", false)]
    [InlineData("\"a", false)]
    [InlineData(" \"a,b\" ,c", true)]
    [InlineData("a,,", true)]
    public void Fields_split_by_RFC_4180(string text, bool valid)
    {
        var cells = new List<string>();
        Assert.Equal(valid, CsvRecordReader.TrySplit(text, cells));
        if (text == "a,,") Assert.Equal(["a", "", ""], cells);
        if (text.StartsWith(' ')) Assert.Equal(["a,b", "c"], cells);
    }

    private static Task<List<CsvRecord>> ReadAllAsync(string text) => ReadAllAsync(Encoding.UTF8.GetBytes(text));

    private static async Task<List<CsvRecord>> ReadAllAsync(byte[] bytes)
    {
        var reader = new CsvRecordReader(new MemoryStream(bytes), 1 << 20);
        var records = new List<CsvRecord>();
        while (await reader.ReadAsync(CancellationToken.None) is { } record) records.Add(record);
        return records;
    }
}
