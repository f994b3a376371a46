namespace GreenIsland.Telemetry.Domain;

/// <summary>What ingest needs to know about a registered device; cached in memory on the hot path.</summary>
internal sealed class DeviceProfile
{
    private readonly bool[] reports;

    public DeviceProfile(
        Guid deviceId,
        Guid organisationId,
        Guid siteId,
        DeviceType type,
        TimeSpan interval,
        double registerModulus,
        bool isActive)
    {
        DeviceId = deviceId;
        OrganisationId = organisationId;
        SiteId = siteId;
        Type = type;
        Interval = interval;
        RegisterModulus = registerModulus;
        IsActive = isActive;
        var metricIds = DeviceTypeProfiles.MetricsOf(type).Select(code => MetricCatalogue.Get(code).Id).ToArray();
        reports = new bool[MetricCatalogue.All.Max(m => m.Id) + 1];
        foreach (var id in metricIds)
        {
            reports[id] = true;
        }
    }

    public Guid DeviceId { get; }

    public Guid OrganisationId { get; }

    public Guid SiteId { get; }

    public DeviceType Type { get; }

    public TimeSpan Interval { get; }

    public double RegisterModulus { get; }

    public bool IsActive { get; }

    public bool IsGateway => Type == DeviceType.Gateway;

    public bool Reports(short metricId) => metricId > 0 && metricId < reports.Length && reports[metricId];
}

/// <summary>The authenticated device that sent a batch.</summary>
internal readonly record struct IngestActor(Guid DeviceId, Guid OrganisationId, Guid SiteId, bool IsGateway);
