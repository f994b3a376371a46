namespace GreenIsland.Platform.Contracts.Organisations;

/// <summary>What kind of organisation takes part in the platform.</summary>
public enum OrganisationType
{
    /// <summary>A waste generator and energy user (the tenant).</summary>
    Enterprise = 1,

    /// <summary>A licensed hazardous-waste collection company.</summary>
    Collector = 2,

    /// <summary>A licensed disposal or treatment facility.</summary>
    DisposalFacility = 3,

    /// <summary>A supervising authority (ecology and environment bureau, industry and IT bureau).</summary>
    Regulator = 4,

    /// <summary>The platform operator.</summary>
    Operator = 5,
}

/// <summary>The level of a jurisdiction.</summary>
public enum JurisdictionLevel
{
    /// <summary>A county-level district or city.</summary>
    District = 1,

    /// <summary>A town (镇) or sub-district (街道) inside a district.</summary>
    Town = 2,
}

/// <summary>Role names (the values stored by ASP.NET Core Identity and sent to clients).</summary>
public static class PlatformRoles
{
    /// <summary>Operator staff administering organisations, users and devices.</summary>
    public const string PlatformAdmin = nameof(PlatformAdmin);

    /// <summary>Regulator staff reading across their jurisdiction.</summary>
    public const string Regulator = nameof(Regulator);

    /// <summary>Administrator of an enterprise.</summary>
    public const string EnterpriseAdmin = nameof(EnterpriseAdmin);

    /// <summary>Staff of an enterprise.</summary>
    public const string EnterpriseStaff = nameof(EnterpriseStaff);

    /// <summary>Dispatcher of a collection company (also administers it).</summary>
    public const string CollectorDispatcher = nameof(CollectorDispatcher);

    /// <summary>Driver of a collection company.</summary>
    public const string Driver = nameof(Driver);

    /// <summary>Operator of a disposal facility (also administers it).</summary>
    public const string DisposalOperator = nameof(DisposalOperator);

    /// <summary>Every role, in display order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [PlatformAdmin, Regulator, EnterpriseAdmin, EnterpriseStaff, CollectorDispatcher, Driver, DisposalOperator];

    /// <summary>Roles that administer their own organisation (sites, users, devices).</summary>
    public static IReadOnlyList<string> OrganisationAdministrators { get; } =
        [EnterpriseAdmin, CollectorDispatcher, DisposalOperator];

    /// <summary>The organisation type a role belongs to.</summary>
    /// <param name="role">A role name.</param>
    /// <returns>The organisation type, or null for an unknown role.</returns>
    public static OrganisationType? OrganisationTypeOf(string role) => role switch
    {
        PlatformAdmin => OrganisationType.Operator,
        Regulator => OrganisationType.Regulator,
        EnterpriseAdmin or EnterpriseStaff => OrganisationType.Enterprise,
        CollectorDispatcher or Driver => OrganisationType.Collector,
        DisposalOperator => OrganisationType.DisposalFacility,
        _ => null,
    };
}
