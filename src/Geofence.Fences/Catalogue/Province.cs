namespace Geofence.Fences;

/// <summary>A provincial unit as listed by the General Statistics Office.</summary>
/// <param name="Code">Two-digit GSO code, e.g. "01".</param>
/// <param name="NameVi">Vietnamese name, e.g. "Hà Nội".</param>
/// <param name="NameAscii">Name without diacritics, e.g. "Ha Noi".</param>
/// <param name="FullNameVi">Official name with its unit type, e.g. "Thành phố Hà Nội".</param>
/// <param name="Type">Province or municipality.</param>
/// <param name="IsoCode">ISO 3166-2 code (e.g. "VN-HN"); known for the 63 pre-2025 units only.</param>
public sealed record Province(string Code, string NameVi, string NameAscii, string FullNameVi, ProvinceType Type, string? IsoCode);
