namespace GreenIsland.Waste.Contracts;

/// <summary>
/// Hazard characteristics of the National Hazardous Waste List (国家危险废物名录): toxicity, corrosivity,
/// ignitability, reactivity and infectivity. The list writes them as T, C, I, R and In.
/// </summary>
public enum HazardCharacteristic
{
    /// <summary>Toxicity (毒性, T).</summary>
    Toxicity = 1,

    /// <summary>Corrosivity (腐蚀性, C).</summary>
    Corrosivity = 2,

    /// <summary>Ignitability (易燃性, I).</summary>
    Ignitability = 3,

    /// <summary>Reactivity (反应性, R).</summary>
    Reactivity = 4,

    /// <summary>Infectivity (感染性, In).</summary>
    Infectivity = 5,
}

/// <summary>Where a deposited container is in its life: stored in a cabinet, collected, received, disposed, or refused by the receiver.</summary>
public enum ContainerState
{
    /// <summary>In the generator's cabinet; the storage-age clock runs.</summary>
    Stored = 1,

    /// <summary>Picked up by the collector's vehicle.</summary>
    Collected = 2,

    /// <summary>Received by the collector's transfer warehouse or a disposal facility.</summary>
    Received = 3,

    /// <summary>Disposal confirmed by the facility.</summary>
    Disposed = 4,

    /// <summary>Refused by the receiver.</summary>
    Refused = 5,
}

/// <summary>Life of a pickup request in the serving collector's queue.</summary>
public enum PickupRequestStatus
{
    /// <summary>Waiting in the collector's queue.</summary>
    Open = 1,

    /// <summary>Assigned to a planned trip.</summary>
    Planned = 2,

    /// <summary>The containers were collected.</summary>
    Collected = 3,

    /// <summary>Withdrawn by the enterprise or the collector.</summary>
    Cancelled = 4,
}
