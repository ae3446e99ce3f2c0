using System.IO.Compression;

namespace Geofence.Fences;

/// <summary>
/// Caps the total number of bytes unzipped from one archive. Counts what is actually inflated rather than
/// trusting the sizes in the zip directory, which a crafted archive can misstate.
/// </summary>
internal sealed class UnzipBudget(long maxBytes)
{
    private readonly long _maxBytes = maxBytes;
    private long _remaining = maxBytes;

    /// <exception cref="InvalidDataException">The archive's content exceeds the budget.</exception>
    public byte[] Read(ZipArchiveEntry entry)
    {
        using var source = entry.Open();
        // Sized by the directory's claim, trusted no further than the budget; no copy when the claim was true.
        using var target = new MemoryStream((int)Math.Clamp(entry.Length, 0, Math.Max(0, Math.Min(_remaining, Array.MaxLength))));
        var buffer = new byte[81_920];
        int read;
        while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
        {
            _remaining -= read;
            if (_remaining < 0)
            {
                throw new InvalidDataException($"the unzipped shapefile is larger than the limit of {_maxBytes} bytes");
            }
            target.Write(buffer, 0, read);
        }
        return target.Length == target.Capacity ? target.GetBuffer() : target.ToArray();
    }
}
