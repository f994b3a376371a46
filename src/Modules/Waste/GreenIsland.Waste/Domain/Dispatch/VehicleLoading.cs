namespace GreenIsland.Waste.Domain.Dispatch;

/// <summary>Why a container may not go onto a vehicle (<see cref="VehicleLoading.Check"/>).</summary>
internal enum LoadRefusal
{
    None = 0,

    /// <summary>The vehicle's transport permit does not cover the container's HW category.</summary>
    CategoryNotPermitted = 1,

    /// <summary>No compartment of the vehicle may carry the container's compatibility group.</summary>
    GroupNotCarried = 2,

    /// <summary>Every compartment that may carry the group already holds a group incompatible with it.</summary>
    Incompatible = 3,
}

/// <summary>The outcome of checking a container against a vehicle and what is already on it.</summary>
internal sealed record LoadCheck(LoadRefusal Refusal, IReadOnlyList<int> ClashingGroups)
{
    public static LoadCheck Accepted { get; } = new(LoadRefusal.None, []);
}

/// <summary>
/// The planner's loading rules applied to the containers a driver actually loads: the vehicle's permit must cover the
/// HW category; each container goes into the first compartment that may carry its compatibility group (a vehicle
/// without compartments is one compartment for any group) and holds nothing incompatible with it, so incompatible
/// wastes never share a compartment (the routing library's rule: "a stop's demand goes into the first compartment that
/// accepts all of the stop's classes; incompatible classes may not share a compartment").
/// </summary>
internal static class VehicleLoading
{
    /// <param name="vehicle">The trip's vehicle.</param>
    /// <param name="loaded">Compatibility groups already weighed onto the vehicle, in loading order.</param>
    /// <param name="category">The container's HW category number (1-50).</param>
    /// <param name="group">The container's compatibility group.</param>
    /// <param name="incompatible">The incompatible pairs of groups.</param>
    public static LoadCheck Check(DispatchVehicle vehicle, IEnumerable<int> loaded, int category, int group, IncompatibleGroups incompatible)
    {
        ArgumentNullException.ThrowIfNull(vehicle);
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(incompatible);
        if (!vehicle.PermittedCategories.Contains(category))
        {
            return new LoadCheck(LoadRefusal.CategoryNotPermitted, []);
        }

        var compartments = vehicle.Compartments.Count == 0
            ? [new List<int>()]
            : vehicle.Compartments.Select(c => c.AllowedGroups.ToList()).ToList();
        if (!compartments.Any(allowed => Accepts(allowed, group)))
        {
            return new LoadCheck(LoadRefusal.GroupNotCarried, []);
        }

        var contents = compartments.Select(_ => new HashSet<int>()).ToList();
        foreach (var g in loaded)
        {
            // What is on board already was placed by the same rule; a load that fits nowhere (loaded before this check
            // existed) is left out rather than blocking every later container.
            var at = FirstFit(compartments, contents, g, incompatible);
            if (at >= 0)
            {
                contents[at].Add(g);
            }
        }

        if (FirstFit(compartments, contents, group, incompatible) >= 0)
        {
            return LoadCheck.Accepted;
        }

        var clashing = contents.Where((_, i) => Accepts(compartments[i], group))
            .SelectMany(c => c).Where(g => incompatible.Conflict(g, group)).Distinct().Order().ToList();
        return new LoadCheck(LoadRefusal.Incompatible, clashing);
    }

    private static int FirstFit(List<List<int>> compartments, List<HashSet<int>> contents, int group, IncompatibleGroups incompatible)
    {
        for (var i = 0; i < compartments.Count; i++)
        {
            if (Accepts(compartments[i], group) && !contents[i].Any(g => incompatible.Conflict(g, group)))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Accepts(List<int> allowed, int group) => allowed.Count == 0 || allowed.Contains(group);
}
