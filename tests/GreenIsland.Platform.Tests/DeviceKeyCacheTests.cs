using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Identity;

namespace GreenIsland.Platform.Tests;

public sealed class DeviceKeyCacheTests
{
    private static readonly VerifiedDeviceKey Device = new("0f1e2d3c-0000-4000-8000-000000000001", "网关", "0f1e2d3c-0000-4000-8000-000000000002",
        "0f1e2d3c-0000-4000-8000-000000000003");

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 22, 4, 0, 0, TimeSpan.Zero));

    [Fact]
    public void VerifiedKey_IsServedUntilItsLifetimeEnds_ThenLookedUpAgain()
    {
        var cache = new DeviceKeyCache(clock, TimeSpan.FromSeconds(10));
        var (plain, _, _) = DeviceKeyMaterial.Generate();
        var hash = DeviceKeyHash.Of(plain);
        cache.Add(hash, Device, cache.Generation);

        clock.Advance(TimeSpan.FromSeconds(9.9));
        Assert.True(cache.TryGet(hash, out var hit));
        Assert.Same(Device, hit);

        // The bound for a revocation made by another instance.
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.False(cache.TryGet(hash, out _));
    }

    [Fact]
    public void AnotherKey_WithTheSamePrefix_NeverHits()
    {
        var cache = new DeviceKeyCache(clock, TimeSpan.FromSeconds(10));
        var (plain, _, _) = DeviceKeyMaterial.Generate();
        cache.Add(DeviceKeyHash.Of(plain), Device, cache.Generation);

        var forged = plain[..^2] + (plain[^2..] == "xx" ? "yy" : "xx");
        Assert.True(DeviceKeyMaterial.TryGetPrefix(forged, out _));
        Assert.False(cache.TryGet(DeviceKeyHash.Of(forged), out _));
        Assert.False(cache.TryGet(DeviceKeyHash.Of(plain + " "), out _));
        Assert.False(cache.TryGet(DeviceKeyHash.Of(plain[..^1]), out _));
    }

    [Fact]
    public void CacheKey_IsTheStoredHash_SoRevocationFindsIt()
    {
        var (plain, _, stored) = DeviceKeyMaterial.Generate();
        Assert.True(DeviceKeyHash.TryParseHex(stored, out var parsed));
        Assert.Equal(DeviceKeyHash.Of(plain), parsed);
        Assert.False(DeviceKeyHash.TryParseHex(stored[..^2], out _));
        Assert.False(DeviceKeyHash.TryParseHex(new string('g', stored.Length), out _));
    }

    [Fact]
    public void Invalidate_ForgetsTheKeyAtOnce_AndOnlyThatKey()
    {
        var cache = new DeviceKeyCache(clock, TimeSpan.FromSeconds(10));
        var (revoked, _, revokedHash) = DeviceKeyMaterial.Generate();
        var (kept, _, _) = DeviceKeyMaterial.Generate();
        cache.Add(DeviceKeyHash.Of(revoked), Device, cache.Generation);
        cache.Add(DeviceKeyHash.Of(kept), Device, cache.Generation);

        cache.Invalidate(revokedHash);

        Assert.False(cache.TryGet(DeviceKeyHash.Of(revoked), out _));
        Assert.True(cache.TryGet(DeviceKeyHash.Of(kept), out _));
    }

    [Fact]
    public void LookupThatStartedBeforeARevocation_DoesNotCacheTheRevokedKey()
    {
        var cache = new DeviceKeyCache(clock, TimeSpan.FromSeconds(10));
        var (plain, _, stored) = DeviceKeyMaterial.Generate();

        var generation = cache.Generation; // the lookup reads the database (key still active) ...
        cache.Invalidate(stored);           // ... the revocation commits meanwhile ...
        cache.Add(DeviceKeyHash.Of(plain), Device, generation); // ... and the lookup's result arrives late.

        Assert.False(cache.TryGet(DeviceKeyHash.Of(plain), out _));
        cache.Add(DeviceKeyHash.Of(plain), Device, cache.Generation);
        Assert.True(cache.TryGet(DeviceKeyHash.Of(plain), out _));
    }

    [Fact]
    public void LifetimeZero_TurnsTheCacheOff()
    {
        var cache = new DeviceKeyCache(clock, TimeSpan.Zero);
        var (plain, _, _) = DeviceKeyMaterial.Generate();
        cache.Add(DeviceKeyHash.Of(plain), Device, cache.Generation);
        Assert.False(cache.Enabled);
        Assert.False(cache.TryGet(DeviceKeyHash.Of(plain), out _));
    }

    [Fact]
    public void ExpiredEntries_AreSweptAsNewKeysArrive()
    {
        var cache = new DeviceKeyCache(clock, TimeSpan.FromSeconds(10));
        for (var i = 0; i < 20; i++)
        {
            cache.Add(DeviceKeyHash.Of(DeviceKeyMaterial.Generate().Plain), Device, cache.Generation);
        }

        clock.Advance(TimeSpan.FromSeconds(11));
        cache.Add(DeviceKeyHash.Of(DeviceKeyMaterial.Generate().Plain), Device, cache.Generation);
        Assert.Equal(1, cache.Count);
    }
}
