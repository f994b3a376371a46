using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.SharedKernel.Identifiers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GreenIsland.Platform.Contracts.Persistence;

/// <summary>
/// The storage conventions every module's DbContext shares, so that the same id or instant is written the same way
/// by every module: strongly typed ids as their GUID, and instants as UTC.
/// </summary>
public static class ModelConventions
{
    /// <summary>Registers the shared conversions: platform ids as GUIDs and <see cref="DateTime"/> as UTC.</summary>
    /// <param name="builder">The model configuration builder of a module's DbContext.</param>
    /// <returns>The builder, for chaining the module's own conventions.</returns>
    public static ModelConfigurationBuilder ApplyPlatformConventions(this ModelConfigurationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Properties<OrganisationId>().HaveConversion<TypedIdConverter<OrganisationId>>();
        builder.Properties<SiteId>().HaveConversion<TypedIdConverter<SiteId>>();
        builder.Properties<JurisdictionId>().HaveConversion<TypedIdConverter<JurisdictionId>>();
        builder.Properties<DeviceId>().HaveConversion<TypedIdConverter<DeviceId>>();
        builder.Properties<UserId>().HaveConversion<TypedIdConverter<UserId>>();
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        return builder;
    }
}

/// <summary>Stores a strongly typed id as its GUID.</summary>
/// <typeparam name="TId">The id type.</typeparam>
public sealed class TypedIdConverter<TId>() : ValueConverter<TId, Guid>(id => id.Value, value => Create(value))
    where TId : struct, IStronglyTypedId<TId>
{
    // Expression trees cannot call static abstract members directly.
    private static TId Create(Guid value) => TId.From(value);
}

/// <summary>
/// Instants are UTC everywhere. A value of unspecified kind is taken to be UTC already (never converted from the
/// machine's local zone, which would shift it on a server outside UTC); SQLite returns unspecified kinds, so the
/// kind is restored on read.
/// </summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
