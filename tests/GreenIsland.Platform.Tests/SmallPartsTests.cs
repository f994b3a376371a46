using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Persistence;
using GreenIsland.SharedKernel.Geography;

namespace GreenIsland.Platform.Tests;

public sealed class SmallPartsTests
{
    [Theory]
    [InlineData(91, 120, "latitude")]
    [InlineData(-91, 120, "latitude")]
    [InlineData(31.7, 181, "longitude")]
    [InlineData(double.NaN, 120, "latitude")]
    public void GeoPoint_OutOfRange_NamesTheField(double latitude, double longitude, string field)
    {
        Assert.False(GeoPoint.TryCreate(latitude, longitude, out _, out var badField, out _));
        Assert.Equal(field, badField);
    }

    [Fact]
    public void GeoPoint_Distance_MatchesAKnownValue()
    {
        GeoPoint.TryCreate(31.0, 120.0, out var a, out _, out _);
        GeoPoint.TryCreate(32.0, 120.0, out var b, out _, out _);
        Assert.InRange(a.DistanceMetresTo(b), 111_000, 111_400);
    }

    [Theory]
    [InlineData("LatitudeDeg", "latitude_deg")]
    [InlineData("NormalizedUserName", "normalized_user_name")]
    [InlineData("Id", "id")]
    [InlineData("CentreLongitudeDeg", "centre_longitude_deg")]
    public void SnakeCase_FollowsTheColumnConvention(string property, string column) =>
        Assert.Equal(column, PersistenceConventions.ToSnakeCase(property));

    [Fact]
    public void DeviceKey_IsPrefixedHashedAndMatchedOnlyByItself()
    {
        var (plain, prefix, hash) = DeviceKeyMaterial.Generate();
        var (other, _, _) = DeviceKeyMaterial.Generate();

        Assert.StartsWith("gik_" + prefix + "_", plain, StringComparison.Ordinal);
        Assert.True(DeviceKeyMaterial.TryGetPrefix(plain, out var parsed));
        Assert.Equal(prefix, parsed);
        Assert.Equal(64, hash.Length);
        Assert.DoesNotContain(plain[(4 + 13)..], hash, StringComparison.Ordinal);
        Assert.True(DeviceKeyMaterial.Matches(plain, hash));
        Assert.False(DeviceKeyMaterial.Matches(other, hash));
        Assert.False(DeviceKeyMaterial.TryGetPrefix("Bearer something", out _));
    }
}
