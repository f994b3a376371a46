using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace GreenIsland.Platform.Identity;

/// <summary>SHA-256 of a device key (the form in which keys are stored): the cache's key, never the key itself.</summary>
internal readonly record struct DeviceKeyHash(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>Hashes a presented key (ASCII by construction; anything else simply hashes to a key nobody holds).</summary>
    public static DeviceKeyHash Of(string presented)
    {
        var length = Encoding.UTF8.GetMaxByteCount(presented.Length);
        Span<byte> utf8 = length <= 256 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(presented, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..written], hash);
        return From(hash);
    }

    /// <summary>The stored form: lower-case hex of the SHA-256 (<see cref="Domain.DeviceKey.Hash"/>).</summary>
    public static bool TryParseHex(string storedHash, out DeviceKeyHash hash)
    {
        hash = default;
        Span<byte> bytes = stackalloc byte[SHA256.HashSizeInBytes];
        if (storedHash.Length != 2 * SHA256.HashSizeInBytes
            || Convert.FromHexString(storedHash, bytes, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != SHA256.HashSizeInBytes)
        {
            return false;
        }

        hash = From(bytes);
        return true;
    }

    private static DeviceKeyHash From(ReadOnlySpan<byte> hash) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(hash),
        BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]),
        BinaryPrimitives.ReadUInt64LittleEndian(hash[16..]),
        BinaryPrimitives.ReadUInt64LittleEndian(hash[24..]));
}

/// <summary>What a verified key authenticates as (the claims' values, formatted once).</summary>
internal sealed record VerifiedDeviceKey(string DeviceId, string Name, string OrganisationId, string SiteId);

/// <summary>
/// Keys verified against the database, so the ingest path does not run an EF query and set up a DbContext per
/// request. Entries are keyed by the SHA-256 of the presented key - a hit means the presented key hashes to the
/// hash of a key that the database held as unrevoked, so a wrong key can never hit - and live at most
/// <see cref="Lifetime"/> (<c>Identity:DeviceKeyCacheSeconds</c>, default 10 s; 0 turns the cache off).
/// A revocation or rotation made through this instance removes the key at once (<see cref="Invalidate"/>, called
/// after the revocation committed); one made by another instance takes effect here within <see cref="Lifetime"/>.
/// A lookup that read the database before a revocation committed cannot re-insert the revoked key afterwards:
/// every invalidation bumps a generation, and an entry is only added if the generation is unchanged since its lookup
/// started.
/// </summary>
internal sealed class DeviceKeyCache(TimeProvider clock, TimeSpan lifetime)
{
    public const string LifetimeKey = "Identity:DeviceKeyCacheSeconds";
    public const double DefaultLifetimeSeconds = 10;

    private readonly ConcurrentDictionary<DeviceKeyHash, Entry> entries = new();
    private readonly Lock gate = new();
    private long generation;
    private long nextSweep;

    public TimeSpan Lifetime { get; } = lifetime < TimeSpan.Zero ? TimeSpan.Zero : lifetime;

    public bool Enabled => Lifetime > TimeSpan.Zero;

    public int Count => entries.Count;

    /// <summary>Read before the database lookup whose result may be passed to <see cref="Add"/>.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public bool TryGet(DeviceKeyHash hash, out VerifiedDeviceKey key)
    {
        if (entries.TryGetValue(hash, out var entry) && clock.GetUtcNow().UtcTicks < entry.ExpiresAt)
        {
            key = entry.Key;
            return true;
        }

        key = null!;
        return false;
    }

    /// <summary>Caches a key just verified against the database, unless a key was invalidated since <paramref name="generationAtLookup"/>.</summary>
    public void Add(DeviceKeyHash hash, VerifiedDeviceKey key, long generationAtLookup)
    {
        if (!Enabled)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcTicks;
        var ticks = Lifetime.Ticks;
        lock (gate)
        {
            if (generation != generationAtLookup)
            {
                return;
            }

            entries[hash] = new Entry(key, now + ticks);
            if (now >= nextSweep)
            {
                // Entries of keys revoked elsewhere (or no longer used) are dropped once expired.
                nextSweep = now + ticks;
                foreach (var (k, e) in entries)
                {
                    if (e.ExpiresAt <= now)
                    {
                        entries.TryRemove(k, out _);
                    }
                }
            }
        }
    }

    /// <summary>Forgets a key (by its stored hash) at once and keeps lookups already under way from caching it.</summary>
    public void Invalidate(string storedHash)
    {
        lock (gate)
        {
            generation++;
            if (DeviceKeyHash.TryParseHex(storedHash, out var hash))
            {
                entries.TryRemove(hash, out _);
            }
            else
            {
                entries.Clear();
            }
        }
    }

    /// <summary>A verified key and when it expires (UTC ticks).</summary>
    private sealed record Entry(VerifiedDeviceKey Key, long ExpiresAt);
}
