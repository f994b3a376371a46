using System.Security.Cryptography;
using GreenIsland.Platform.Contracts.Identifiers;

namespace GreenIsland.Platform.Domain;

internal sealed class Device
{
    public const int NameMaxLength = 100;
    public const int KindMaxLength = 50;

    private readonly List<DeviceKey> _keys = [];

    private Device()
    {
        Name = string.Empty;
        Kind = string.Empty;
    }

    public DeviceId Id { get; private set; }

    public OrganisationId OrganisationId { get; private set; }

    public SiteId SiteId { get; private set; }

    public string Name { get; private set; }

    /// <summary>Free text until Telemetry defines device types (e.g. cabinet, meter, inverter).</summary>
    public string Kind { get; private set; }

    public bool IsDemo { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public IReadOnlyList<DeviceKey> Keys => _keys;

    public static Device Register(DeviceId id, Site site, string name, string kind, bool isDemo, DateTime now) =>
        new() { Id = id, OrganisationId = site.OrganisationId, SiteId = site.Id, Name = name.Trim(), Kind = kind.Trim(), IsDemo = isDemo, CreatedAt = now };

    /// <summary>Issues a new key; the plain key is returned once and only its hash is kept.</summary>
    public (DeviceKey Key, string PlainKey) IssueKey(DateTime now)
    {
        var (plain, prefix, hash) = DeviceKeyMaterial.Generate();
        var key = new DeviceKey(Guid.CreateVersion7(), Id, prefix, hash, now);
        _keys.Add(key);
        return (key, plain);
    }
}

internal sealed class DeviceKey(Guid id, DeviceId deviceId, string prefix, string hash, DateTime createdAt)
{
    public const int PrefixLength = 12;

    public Guid Id { get; private set; } = id;

    public DeviceId DeviceId { get; private set; } = deviceId;

    /// <summary>Public lookup part of the key (not secret): the first characters after <c>gik_</c>.</summary>
    public string Prefix { get; private set; } = prefix;

    /// <summary>SHA-256 of the whole key, lower-case hex.</summary>
    public string Hash { get; private set; } = hash;

    public DateTime CreatedAt { get; private set; } = createdAt;

    public DateTime? RevokedAt { get; private set; }

    public bool IsActive => RevokedAt is null;

    public void Revoke(DateTime now) => RevokedAt ??= now;
}

/// <summary>
/// Device keys are <c>gik_</c> + 12 prefix characters + <c>_</c> + 43 characters of secret (32 random bytes in
/// base64url). The secret has full entropy, so a fast hash (SHA-256) is appropriate, unlike for passwords.
/// </summary>
internal static class DeviceKeyMaterial
{
    public const string Scheme = "gik_";

    public static (string Plain, string Prefix, string Hash) Generate()
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(DeviceKey.PrefixLength / 2));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var plain = $"{Scheme}{prefix}_{secret}";
        return (plain, prefix, HashOf(plain));
    }

    public static bool TryGetPrefix(string presented, out string prefix)
    {
        prefix = string.Empty;
        if (!presented.StartsWith(Scheme, StringComparison.Ordinal) || presented.Length < Scheme.Length + DeviceKey.PrefixLength + 2
            || presented[Scheme.Length + DeviceKey.PrefixLength] != '_')
        {
            return false;
        }

        prefix = presented.Substring(Scheme.Length, DeviceKey.PrefixLength);
        return true;
    }

    public static string HashOf(string plain) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(plain)));

    public static bool Matches(string presented, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(HashOf(presented)),
            System.Text.Encoding.ASCII.GetBytes(storedHash));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
