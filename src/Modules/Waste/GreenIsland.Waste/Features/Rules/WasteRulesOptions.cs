namespace GreenIsland.Waste.Features.Rules;

/// <summary>
/// Rule thresholds (configuration section <c>Waste:Rules</c>). The 0.8 fill trigger comes from the district's own
/// description ("past about 80 % the back end dispatches"); the storage limit of one year is the common limit for
/// generators under GB 18597-2023 (recalled, configurable); temperature and VOC limits are operating defaults for
/// the cabinets, not legal values — set them per cabinet where the supplier says otherwise.
/// </summary>
internal sealed class WasteRulesOptions
{
    public const string Section = "Waste:Rules";

    public double FillTrigger { get; set; } = 0.8;

    public double FillRearm { get; set; } = 0.5;

    /// <summary>
    /// Storage limit per container, counted from its generation date. UNCERTAIN: WASTE.md ("Storage and labels") has
    /// GB 18597-2023 [V] but the limit only as "commonly one year" [R]; local rules may be shorter for small
    /// generators. 365 days by default; set <c>Waste:Rules:StorageLimitDays</c> to the district's rule. The limit date
    /// is fixed on each container at deposit, and both the storage-age alerts and the evaluation read it.
    /// </summary>
    public int StorageLimitDays { get; set; } = 365;

    public int StorageWarningDays { get; set; } = 45;

    public double TemperatureMaxC { get; set; } = 40;

    public double TemperatureMinC { get; set; } = -20;

    public double TemperatureHysteresisC { get; set; } = 2;

    public double VocMaxPpm { get; set; } = 50;

    public double VocHysteresisPpm { get; set; } = 5;

    /// <summary>How often the background job checks storage ages.</summary>
    public TimeSpan StorageCheckInterval { get; set; } = TimeSpan.FromHours(1);
}
