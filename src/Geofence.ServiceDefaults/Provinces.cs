namespace Geofence.ServiceDefaults;

/// <summary>A province-level unit: its official Vietnamese name and the same without diacritics.</summary>
public sealed record Province(string NameVi, string NameAscii);

/// <summary>
/// The 34 province-level units in force since 2025-07-01 (Resolution 202/2025/QH15), by GSO code. Hotels are
/// registered against these; the full 63/34 history with boundaries belongs to the geofence catalogue.
/// </summary>
public static class Provinces
{
    private static readonly Dictionary<string, Province> Current = new(StringComparer.Ordinal)
    {
        ["01"] = new("Hà Nội", "Ha Noi"),
        ["04"] = new("Cao Bằng", "Cao Bang"),
        ["08"] = new("Tuyên Quang", "Tuyen Quang"),
        ["11"] = new("Điện Biên", "Dien Bien"),
        ["12"] = new("Lai Châu", "Lai Chau"),
        ["14"] = new("Sơn La", "Son La"),
        ["15"] = new("Lào Cai", "Lao Cai"),
        ["19"] = new("Thái Nguyên", "Thai Nguyen"),
        ["20"] = new("Lạng Sơn", "Lang Son"),
        ["22"] = new("Quảng Ninh", "Quang Ninh"),
        ["24"] = new("Bắc Ninh", "Bac Ninh"),
        ["25"] = new("Phú Thọ", "Phu Tho"),
        ["31"] = new("Hải Phòng", "Hai Phong"),
        ["33"] = new("Hưng Yên", "Hung Yen"),
        ["37"] = new("Ninh Bình", "Ninh Binh"),
        ["38"] = new("Thanh Hóa", "Thanh Hoa"),
        ["40"] = new("Nghệ An", "Nghe An"),
        ["42"] = new("Hà Tĩnh", "Ha Tinh"),
        ["44"] = new("Quảng Trị", "Quang Tri"),
        ["46"] = new("Huế", "Hue"),
        ["48"] = new("Đà Nẵng", "Da Nang"),
        ["51"] = new("Quảng Ngãi", "Quang Ngai"),
        ["52"] = new("Gia Lai", "Gia Lai"),
        ["56"] = new("Khánh Hòa", "Khanh Hoa"),
        ["66"] = new("Đắk Lắk", "Dak Lak"),
        ["68"] = new("Lâm Đồng", "Lam Dong"),
        ["75"] = new("Đồng Nai", "Dong Nai"),
        ["79"] = new("Hồ Chí Minh", "Ho Chi Minh"),
        ["80"] = new("Tây Ninh", "Tay Ninh"),
        ["82"] = new("Đồng Tháp", "Dong Thap"),
        ["86"] = new("Vĩnh Long", "Vinh Long"),
        ["91"] = new("An Giang", "An Giang"),
        ["92"] = new("Cần Thơ", "Can Tho"),
        ["96"] = new("Cà Mau", "Ca Mau"),
    };

    public static IReadOnlyCollection<string> Codes => Current.Keys;

    public static Province? Find(string code) => Current.GetValueOrDefault(code);
}
