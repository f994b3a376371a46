using GreenIsland.SharedKernel.Identifiers;

namespace GreenIsland.Platform.Contracts.Identifiers;

/// <summary>Identifies an organisation (enterprise, collector, disposal facility, regulator or operator).</summary>
/// <param name="Value">The underlying GUID.</param>
public readonly record struct OrganisationId(Guid Value) : IStronglyTypedId<OrganisationId>
{
    /// <summary>Creates a new time-ordered id.</summary>
    /// <returns>A new id.</returns>
    public static OrganisationId New() => new(Guid.CreateVersion7());

    /// <inheritdoc />
    public static OrganisationId From(Guid value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString();
}

/// <summary>Identifies a site (a plant or premises of an organisation).</summary>
/// <param name="Value">The underlying GUID.</param>
public readonly record struct SiteId(Guid Value) : IStronglyTypedId<SiteId>
{
    /// <summary>Creates a new time-ordered id.</summary>
    /// <returns>A new id.</returns>
    public static SiteId New() => new(Guid.CreateVersion7());

    /// <inheritdoc />
    public static SiteId From(Guid value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString();
}

/// <summary>Identifies a jurisdiction (a district or a town/sub-district).</summary>
/// <param name="Value">The underlying GUID.</param>
public readonly record struct JurisdictionId(Guid Value) : IStronglyTypedId<JurisdictionId>
{
    /// <summary>Creates a new time-ordered id.</summary>
    /// <returns>A new id.</returns>
    public static JurisdictionId New() => new(Guid.CreateVersion7());

    /// <inheritdoc />
    public static JurisdictionId From(Guid value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString();
}

/// <summary>Identifies a person's account.</summary>
/// <param name="Value">The underlying GUID.</param>
public readonly record struct UserId(Guid Value) : IStronglyTypedId<UserId>
{
    /// <inheritdoc />
    public static UserId From(Guid value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString();
}

/// <summary>Identifies a device (cabinet controller, meter gateway, inverter logger...).</summary>
/// <param name="Value">The underlying GUID.</param>
public readonly record struct DeviceId(Guid Value) : IStronglyTypedId<DeviceId>
{
    /// <summary>Creates a new time-ordered id.</summary>
    /// <returns>A new id.</returns>
    public static DeviceId New() => new(Guid.CreateVersion7());

    /// <inheritdoc />
    public static DeviceId From(Guid value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString();
}
