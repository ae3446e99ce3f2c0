namespace Geofence.Fences;

/// <summary>
/// The outcome of an import. All or nothing: either <see cref="Errors"/> is empty and <see cref="Fences"/>
/// holds every feature of the file, or <see cref="Fences"/> is empty and <see cref="Errors"/> says why.
/// </summary>
public sealed record FenceImportResult
{
    private FenceImportResult(IReadOnlyList<Fence> fences, IReadOnlyList<FenceImportError> errors)
    {
        Fences = fences;
        Errors = errors;
    }

    /// <summary>The imported fences; empty when the import failed.</summary>
    public IReadOnlyList<Fence> Fences { get; }

    /// <summary>Every problem found; empty when the import succeeded.</summary>
    public IReadOnlyList<FenceImportError> Errors { get; }

    /// <summary>True when nothing was wrong.</summary>
    public bool Succeeded => Errors.Count == 0;

    internal static FenceImportResult Success(IReadOnlyList<Fence> fences) => new(fences.ToArray(), []);

    internal static FenceImportResult Failure(IReadOnlyList<FenceImportError> errors) =>
        errors.Count == 0 ? throw new ArgumentException("A failure needs at least one error.", nameof(errors)) : new([], errors.ToArray());

    internal static FenceImportResult Failure(string reason) => new([], [new FenceImportError(null, null, reason)]);
}
