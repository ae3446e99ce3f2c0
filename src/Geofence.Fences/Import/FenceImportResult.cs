namespace Geofence.Fences;

/// <summary>
/// The outcome of an import. All or nothing: either <see cref="Errors"/> is empty and <see cref="Fences"/>
/// holds every feature of the file, or <see cref="Fences"/> is empty and <see cref="Errors"/> says why.
/// </summary>
public sealed record FenceImportResult
{
    private FenceImportResult(IReadOnlyList<Fence> fences, IReadOnlyList<FenceImportError> errors, string? exceededLimit = null)
    {
        Fences = fences;
        Errors = errors;
        ExceededLimit = exceededLimit;
    }

    /// <summary>The imported fences; empty when the import failed.</summary>
    public IReadOnlyList<Fence> Fences { get; }

    /// <summary>Every problem found; empty when the import succeeded.</summary>
    public IReadOnlyList<FenceImportError> Errors { get; }

    /// <summary>
    /// The <see cref="FenceImportOptions"/> limit the file broke (<c>MaxBytes</c>, <c>MaxFeatures</c> or <c>MaxVertices</c>),
    /// or null when it was refused for its content.
    /// </summary>
    public string? ExceededLimit { get; }

    /// <summary>True when nothing was wrong.</summary>
    public bool Succeeded => Errors.Count == 0;

    internal static FenceImportResult Success(IReadOnlyList<Fence> fences) => new(fences.ToArray(), []);

    internal static FenceImportResult Failure(IReadOnlyList<FenceImportError> errors) =>
        errors.Count == 0 ? throw new ArgumentException("A failure needs at least one error.", nameof(errors)) : new([], errors.ToArray());

    internal static FenceImportResult Failure(string reason) => new([], [new FenceImportError(null, null, reason)]);

    /// <summary>The file breaks one of the import's limits; <paramref name="limit"/> is the option's name.</summary>
    internal static FenceImportResult OverLimit(string limit, string reason) => new([], [new FenceImportError(null, null, reason)], limit);

    internal static FenceImportResult TooManyFeatures(FenceImportOptions options, long count) =>
        OverLimit(nameof(FenceImportOptions.MaxFeatures), $"the file holds {count} features; the limit MaxFeatures is {options.MaxFeatures}");

    internal static FenceImportResult TooManyVertices(FenceImportOptions options, long atLeast) =>
        OverLimit(nameof(FenceImportOptions.MaxVertices), $"the file holds at least {atLeast} vertices; the limit MaxVertices is {options.MaxVertices}");
}
