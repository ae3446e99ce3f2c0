namespace Geofence.Fences;

/// <summary>
/// Holds the snapshot in force and replaces it atomically when fences change. Readers take
/// <see cref="Current"/> once per ping and use that snapshot throughout, so each ping sees one consistent
/// set of fences even while a replacement is published. Thread-safe.
/// </summary>
public sealed class FenceSnapshotHolder
{
    private FenceSnapshot _current;

    /// <summary>Starts with <paramref name="initial"/>, or an empty snapshot.</summary>
    public FenceSnapshotHolder(FenceSnapshot? initial = null) => _current = initial ?? FenceSnapshot.Empty;

    /// <summary>The snapshot in force now.</summary>
    public FenceSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Publishes <paramref name="next"/> and returns the snapshot it replaced.</summary>
    public FenceSnapshot Replace(FenceSnapshot next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return Interlocked.Exchange(ref _current, next);
    }
}
