namespace GreenIsland.Waste.Domain.Rules;

/// <summary>
/// The fill rule with hysteresis: at or above the trigger an armed cabinet without an active request raises one and
/// disarms; it re-arms only when the fill drops below the re-arm level (or the request closes). Noise around the
/// trigger therefore cannot raise a second request.
/// </summary>
internal static class FillRule
{
    public static (bool RaiseRequest, bool Armed) Evaluate(bool armed, bool hasActiveRequest, double fill, double trigger, double rearm)
    {
        if (fill >= trigger)
        {
            return armed && !hasActiveRequest ? (true, false) : (false, armed);
        }

        return fill < rearm ? (false, true) : (false, armed);
    }
}

/// <summary>
/// A range alarm with hysteresis: it trips when the value leaves [min, max] and clears only once the value is back
/// inside by the hysteresis margin, so a value hovering at the limit raises one alert, not one per reading.
/// </summary>
internal static class RangeAlarm
{
    public static (bool Alarm, bool Tripped) Evaluate(bool alarm, double value, double? min, double? max, double hysteresis)
    {
        var outside = (max is { } hi && value > hi) || (min is { } lo && value < lo);
        if (!alarm)
        {
            return outside ? (true, true) : (false, false);
        }

        var clearlyInside = (max is not { } h || value <= h - hysteresis) && (min is not { } l || value >= l + hysteresis);
        return clearlyInside ? (false, false) : (true, false);
    }
}

/// <summary>Storage age of a container against the generator's storage limit.</summary>
internal enum StorageAgeState
{
    WithinLimit = 0,
    Approaching = 1,
    Exceeded = 2,
}

internal static class StorageAge
{
    public static DateOnly LimitDate(DateOnly generatedOn, int limitDays) => generatedOn.AddDays(limitDays);

    public static StorageAgeState Evaluate(DateOnly today, DateOnly limitDate, int warningDays) =>
        today > limitDate ? StorageAgeState.Exceeded
        : today >= limitDate.AddDays(-warningDays) ? StorageAgeState.Approaching
        : StorageAgeState.WithinLimit;
}
