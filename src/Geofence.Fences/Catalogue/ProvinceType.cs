namespace Geofence.Fences;

/// <summary>Tỉnh or thành phố trực thuộc trung ương.</summary>
public enum ProvinceType
{
    /// <summary>A province (tỉnh); CSV value <c>province</c>.</summary>
    Province,

    /// <summary>A centrally-run municipality (thành phố trực thuộc trung ương); CSV value <c>municipality</c>.</summary>
    Municipality,
}
