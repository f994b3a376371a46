using System.Globalization;
using GreenIsland.Waste.Domain.Catalogue;

namespace GreenIsland.Waste.Domain.Containers;

/// <summary>
/// The container's digital identification code (数字识别码, HJ 1276-2022), also the QR payload: the generator's
/// unified social credit code (18) + the waste code's 8 digits + the generation date (yyyyMMdd) + a 4-digit serial
/// for that generator, code and day — 38 characters. The structure follows our reading of HJ 1276 (recalled, R);
/// the code only needs to be unique and printable, so a corrected structure changes this one class.
/// </summary>
internal static class IdentificationCode
{
    public const int Length = 38;
    public const int MaxSerial = 9999;

    public static string Prefix(string creditCode, HazardousWasteCode code, DateOnly generatedOn) =>
        creditCode + code.Digits + generatedOn.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string Compose(string prefix, int serial) =>
        serial is < 1 or > MaxSerial
            ? throw new ArgumentOutOfRangeException(nameof(serial), serial, "A day's serial runs from 1 to 9999.")
            : prefix + serial.ToString("0000", CultureInfo.InvariantCulture);

    public static bool LooksValid(string? code) =>
        code is { Length: Length } && code.Skip(18).All(char.IsAsciiDigit) && code.Take(18).All(char.IsAsciiLetterOrDigit);
}

/// <summary>HJ 1276-2022 minimum label sizes by container volume.</summary>
internal static class LabelSize
{
    /// <summary>Side of the square label in millimetres: &lt;= 50 L: 100; 50-450 L: 150; &gt;= 450 L: 200.</summary>
    public static int SideMillimetres(int volumeLitres) => volumeLitres switch
    {
        <= 50 => 100,
        < 450 => 150,
        _ => 200,
    };
}
