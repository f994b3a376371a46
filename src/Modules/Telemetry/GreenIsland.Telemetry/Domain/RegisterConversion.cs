namespace GreenIsland.Telemetry.Domain;

internal enum RegisterStep
{
    Normal,
    Rollover,
    Reset,
}

/// <summary>
/// Converts consecutive readings of a cumulative register (an energy meter's kWh counter) into the
/// consumption between them.
/// </summary>
/// <remarks>
/// A register that goes down either wrapped past its width (rollover: 999,990 -> 15 on a 6-digit register
/// means 25 kWh) or was reset/replaced (counts again from zero). We call it a rollover only when the previous
/// value was in the top tenth of the register and the new one is in the bottom tenth: a wrap is only
/// possible there, and a meter replacement that happens to land there costs at most one interval's error.
/// </remarks>
internal static class RegisterConversion
{
    public static (double Delta, RegisterStep Step) Delta(double previous, double current, double modulus)
    {
        if (current >= previous)
        {
            return (current - previous, RegisterStep.Normal);
        }

        if (modulus > 0 && previous >= modulus * 0.9 && current < modulus * 0.1)
        {
            return (modulus - previous + current, RegisterStep.Rollover);
        }

        return (current, RegisterStep.Reset);
    }
}
