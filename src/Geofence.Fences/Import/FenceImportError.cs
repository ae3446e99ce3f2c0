namespace Geofence.Fences;

/// <summary>Why an import was refused.</summary>
/// <param name="FeatureIndex">0-based position of the offending feature in the file, or null for a problem with the whole file.</param>
/// <param name="FeatureCode">The feature's code when it could be read.</param>
/// <param name="Reason">What is wrong, in words a data steward can act on.</param>
public sealed record FenceImportError(int? FeatureIndex, string? FeatureCode, string Reason)
{
    /// <summary>E.g. <c>feature 3 (code 01): ring 0 is not closed</c>.</summary>
    public override string ToString() => (FeatureIndex, FeatureCode) switch
    {
        (null, _) => $"file: {Reason}",
        ({ } index, null) => $"feature {index}: {Reason}",
        ({ } index, { } code) => $"feature {index} (code {code}): {Reason}",
    };
}
