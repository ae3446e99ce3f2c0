using System.Text;

namespace Geofence.Notifier.Audiences;

/// <summary>One CSV record: the line it starts on and its text, or why it cannot be read (too long, not UTF-8, an open quote).</summary>
public readonly record struct CsvRecord(int Line, string? Text, string? Error);

/// <summary>The upload cannot be read at all: answered with <see cref="Status"/> and nothing more is read.</summary>
public sealed class CsvUploadException(int status, string field, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Field { get; } = field;
}

/// <summary>
/// Reads an uploaded CSV record by record from the request stream, holding one buffer and at most one record in memory
/// whatever the file's size. Records follow RFC 4180: a quoted field may hold commas, doubled quotes and line breaks, so
/// a record may span lines; it is numbered by the line it starts on (line 1 is the header). A record over
/// <see cref="MaxChars"/> characters is skipped to the next line break without being kept. The file must be UTF-8 (a
/// BOM is allowed): a UTF-16 BOM or a NUL byte (which UTF-16 text is full of) stops the upload; a record that is not
/// valid UTF-8 is reported as such and the rest is read.
/// </summary>
public sealed class CsvRecordReader(Stream body, long maxBytes)
{
    public const int MaxChars = 1024;
    private const int MaxBytes = MaxChars * 4; // UTF-8 takes at most 4 bytes a character
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly byte[] buffer = new byte[64 * 1024];
    private readonly byte[] record = new byte[MaxBytes];
    private int position, length, linesRead;
    private long bytesRead;
    private bool started, ended;

    /// <summary>Bytes read from the body so far.</summary>
    public long BytesRead => bytesRead;

    /// <summary>The next non-blank record, or null at the end of the body.</summary>
    public async ValueTask<CsvRecord?> ReadAsync(CancellationToken ct)
    {
        if (!started) await StartAsync(ct);
        while (true)
        {
            var line = linesRead + 1;
            int size = 0;
            bool quoted = false, tooLong = false, any = false, lineBreak = false;
            while (!lineBreak)
            {
                if (position == length && !await FillAsync(ct)) break;
                var b = buffer[position++];
                any = true;
                if (b == 0) throw NotUtf8();
                if (b == (byte)'\n')
                {
                    linesRead++;
                    if (!quoted || tooLong) lineBreak = true;
                    else if (size < MaxBytes) record[size++] = b;
                    else tooLong = true;
                    continue;
                }
                if (tooLong) continue; // skipping to the next line break, quotes or not
                if (b == (byte)'"') quoted = !quoted; // a doubled quote toggles twice
                if (size < MaxBytes) record[size++] = b;
                else tooLong = true;
            }
            if (!any) return null;
            if (tooLong) return new CsvRecord(line, null, $"is longer than {MaxChars} characters.");
            if (size > 0 && record[size - 1] == (byte)'\r') size--;
            if (size == 0) continue; // a blank line
            if (quoted) return new CsvRecord(line, null, "has a quoted field that is never closed.");
            string text;
            try
            {
                text = StrictUtf8.GetString(record, 0, size);
            }
            catch (DecoderFallbackException)
            {
                return new CsvRecord(line, null, "is not valid UTF-8.");
            }
            return text.Length > MaxChars ? new CsvRecord(line, null, $"is longer than {MaxChars} characters.") : new CsvRecord(line, text, null);
        }
    }

    /// <summary>Skips a UTF-8 BOM; refuses a UTF-16 one.</summary>
    private async ValueTask StartAsync(CancellationToken ct)
    {
        started = true;
        while (length < 3 && await FillMoreAsync(ct)) { }
        if (length >= 2 && ((buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF))) throw NotUtf8();
        if (length >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF) position = 3;
    }

    private async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        position = length = 0;
        return await FillMoreAsync(ct);
    }

    private async ValueTask<bool> FillMoreAsync(CancellationToken ct)
    {
        if (ended) return false;
        var read = await body.ReadAsync(buffer.AsMemory(length), ct);
        if (read == 0)
        {
            ended = true;
            return false;
        }
        length += read;
        bytesRead += read;
        if (bytesRead > maxBytes)
            throw new CsvUploadException(StatusCodes.Status413PayloadTooLarge, "body", $"The file may be at most {maxBytes / (1024 * 1024)} MB.");
        return true;
    }

    private static CsvUploadException NotUtf8() =>
        new(StatusCodes.Status400BadRequest, "body", "The file must be UTF-8 (with or without a BOM); this one is UTF-16 or binary.");

    /// <summary>
    /// Splits a record into its fields (RFC 4180): a field in quotes may hold commas, line breaks and doubled quotes;
    /// spaces around a quoted field are allowed. False when text follows a closing quote.
    /// </summary>
    public static bool TrySplit(string text, List<string> fields)
    {
        fields.Clear();
        var i = 0;
        var field = new StringBuilder();
        while (true)
        {
            field.Clear();
            var start = i;
            while (i < text.Length && text[i] == ' ') i++;
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length) return false;
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(text[i++]);
                }
                while (i < text.Length && text[i] is ' ' or '\t') i++;
                if (i < text.Length && text[i] != ',') return false;
                fields.Add(field.ToString());
            }
            else
            {
                i = start;
                var comma = text.IndexOf(',', i);
                var end = comma < 0 ? text.Length : comma;
                fields.Add(text[i..end]);
                i = end;
            }
            if (i >= text.Length) return true;
            i++; // the comma
        }
    }
}
