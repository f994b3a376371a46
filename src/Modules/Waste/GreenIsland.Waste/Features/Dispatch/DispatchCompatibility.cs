using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Dispatch;

namespace GreenIsland.Waste.Features.Dispatch;

/// <summary>The co-loading constraint for the planner: the module's EPA Appendix V table on the integer group values.</summary>
internal static class DispatchCompatibility
{
    public static IncompatibleGroups Pairs { get; } = new(CompatibilityTable.IncompatiblePairs.Select(p => ((int)p.A, (int)p.B)).ToList());
}
