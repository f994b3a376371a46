using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Persistence;

namespace GreenIsland.Platform.Tests.Persistence;

public sealed class ModelConventionsTests
{
    [Fact]
    public void UtcDateTimeConverter_WhenKindIsUnspecified_StoresTheSameTicksAsUtc()
    {
        var converter = new UtcDateTimeConverter();
        var unspecified = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Unspecified);

        var stored = (DateTime)converter.ConvertToProvider(unspecified)!;

        Assert.Equal(unspecified.Ticks, stored.Ticks);
        Assert.Equal(DateTimeKind.Utc, stored.Kind);
    }

    [Fact]
    public void UtcDateTimeConverter_WhenKindIsLocal_ConvertsToUtc()
    {
        var converter = new UtcDateTimeConverter();
        var utc = new DateTime(2026, 3, 1, 8, 30, 0, DateTimeKind.Utc);

        var stored = (DateTime)converter.ConvertToProvider(utc.ToLocalTime())!;

        Assert.Equal(utc, stored);
        Assert.Equal(DateTimeKind.Utc, stored.Kind);
    }

    [Fact]
    public void UtcDateTimeConverter_OnRead_MarksTheValueAsUtc()
    {
        var converter = new UtcDateTimeConverter();
        var fromDatabase = new DateTime(2026, 3, 1, 8, 30, 0, DateTimeKind.Unspecified);

        var read = (DateTime)converter.ConvertFromProvider(fromDatabase)!;

        Assert.Equal(DateTimeKind.Utc, read.Kind);
        Assert.Equal(fromDatabase.Ticks, read.Ticks);
    }

    [Fact]
    public void TypedIdConverter_RoundTripsTheGuid()
    {
        var converter = new TypedIdConverter<OrganisationId>();
        var id = OrganisationId.New();

        var stored = (Guid)converter.ConvertToProvider(id)!;
        var read = (OrganisationId)converter.ConvertFromProvider(stored)!;

        Assert.Equal(id.Value, stored);
        Assert.Equal(id, read);
    }
}
