namespace GreenIsland.Telemetry.Contracts;

/// <summary>Codes of the metrics the Telemetry module accepts (the catalogue lives in the module).</summary>
public static class MetricCodes
{
    /// <summary>Cabinet fill level, 0..1 (unit <c>1</c>).</summary>
    public const string FillRatio = "fill_ratio";

    /// <summary>Cabinet content weight in kg.</summary>
    public const string Weight = "weight";

    /// <summary>Temperature in degrees Celsius (unit <c>Cel</c>).</summary>
    public const string Temperature = "temperature";

    /// <summary>Relative humidity in percent.</summary>
    public const string Humidity = "humidity";

    /// <summary>Volatile organic compounds concentration in ppm.</summary>
    public const string Voc = "voc";

    /// <summary>Cabinet door open (1) or closed (0).</summary>
    public const string DoorOpen = "door_open";

    /// <summary>Imported active energy register in kWh (cumulative).</summary>
    public const string EnergyImport = "energy_import";

    /// <summary>Exported active energy register in kWh (cumulative).</summary>
    public const string EnergyExport = "energy_export";

    /// <summary>Instantaneous active power in kW.</summary>
    public const string ActivePower = "active_power";

    /// <summary>Natural gas volume register in m3 (cumulative).</summary>
    public const string GasVolume = "gas_volume";

    /// <summary>Steam mass register in t (cumulative).</summary>
    public const string SteamMass = "steam_mass";

    /// <summary>PV generation register in kWh (cumulative).</summary>
    public const string PvGeneration = "pv_generation";

    /// <summary>Instantaneous PV output power in kW.</summary>
    public const string PvPower = "pv_power";
}
