using System.Collections.Frozen;
using GreenIsland.Telemetry.Contracts;

namespace GreenIsland.Telemetry.Domain;

internal enum DeviceType
{
    StorageCabinet = 1,
    ElectricityMeter = 2,
    GasMeter = 3,
    SteamMeter = 4,
    PvInverter = 5,
    EnvironmentSensor = 6,

    /// <summary>A site gateway: its key may report readings for every device of its site.</summary>
    Gateway = 7,
}

internal static class DeviceTypeProfiles
{
    private static readonly FrozenDictionary<DeviceType, string[]> Metrics = new Dictionary<DeviceType, string[]>
    {
        [DeviceType.StorageCabinet] =
            [MetricCodes.FillRatio, MetricCodes.Weight, MetricCodes.Temperature, MetricCodes.Humidity, MetricCodes.Voc, MetricCodes.DoorOpen],
        [DeviceType.ElectricityMeter] = [MetricCodes.EnergyImport, MetricCodes.EnergyExport, MetricCodes.ActivePower],
        [DeviceType.GasMeter] = [MetricCodes.GasVolume],
        [DeviceType.SteamMeter] = [MetricCodes.SteamMass],
        [DeviceType.PvInverter] = [MetricCodes.PvGeneration, MetricCodes.PvPower],
        [DeviceType.EnvironmentSensor] = [MetricCodes.Temperature, MetricCodes.Humidity, MetricCodes.Voc],
        [DeviceType.Gateway] = [],
    }.ToFrozenDictionary();

    /// <summary>Default reporting interval per type, used when a device is registered without one.</summary>
    public static TimeSpan DefaultInterval(DeviceType type) => type switch
    {
        DeviceType.StorageCabinet => TimeSpan.FromMinutes(5),
        DeviceType.EnvironmentSensor => TimeSpan.FromMinutes(1),
        DeviceType.Gateway => TimeSpan.FromMinutes(5),
        _ => TimeSpan.FromMinutes(15),
    };

    public static IReadOnlyList<string> MetricsOf(DeviceType type) => Metrics[type];

    /// <summary>
    /// Register modulus for cumulative meters without a configured one: a 6-digit kWh register wraps at
    /// 1,000,000; gas (m3) and steam (t) registers are commonly 8 digits.
    /// </summary>
    public static double DefaultRegisterModulus(DeviceType type) => type switch
    {
        DeviceType.GasMeter or DeviceType.SteamMeter => 100_000_000,
        _ => 1_000_000,
    };
}
