using System.Globalization;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Domain.Dispatch;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Features.Vehicles;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.Dispatch;

internal enum StopStatus
{
    Planned = 1,
    Confirmed = 2,
    Cancelled = 3,
}

/// <summary>
/// A stop of a trip at a generator's site for one pickup request (or for the part of it in one compatibility group).
/// It carries what the planner used (estimated kg, categories, groups, opening hours) so an adjusted plan is
/// re-checked as it stands, and the generator's one-time security code once the trip is published. The generator,
/// the collector (carrier) and the receiver see it.
/// </summary>
internal sealed class TripStop : IPartyRow
{
    private TripStop()
    {
        SiteName = Address = Categories = Groups = OpeningHours = GeneratorName = string.Empty;
    }

    /// <summary>The planner's stop key.</summary>
    public Guid Id { get; private set; }

    public Guid TripId { get; private set; }

    public int Sequence { get; private set; }

    public Guid PickupRequestId { get; private set; }

    /// <summary>The generator.</summary>
    public OrganisationId OrganisationId { get; private set; }

    public JurisdictionId DistrictId { get; private set; }

    public JurisdictionId TownId { get; private set; }

    public OrganisationId? CarrierId { get; private set; }

    public OrganisationId? ReceiverId { get; private set; }

    public string GeneratorName { get; private set; }

    public SiteId SiteId { get; private set; }

    public string SiteName { get; private set; }

    public string Address { get; private set; }

    public double Latitude { get; private set; }

    public double Longitude { get; private set; }

    public long EstimatedG { get; private set; }

    public string Categories { get; private set; }

    public string Groups { get; private set; }

    /// <summary>Opening intervals, e.g. <c>08:00-11:30;13:30-17:00</c> (empty = any time).</summary>
    public string OpeningHours { get; private set; }

    public TimeOnly PlannedArrival { get; private set; }

    public StopStatus Status { get; private set; }

    public string? SecurityCode { get; private set; }

    /// <summary>Wrong security codes typed on the driver's phone since the code was issued (all stops of the generator on the trip share the code and the count).</summary>
    public int SecurityCodeFailures { get; private set; }

    /// <summary>After this many wrong codes the code is locked until the generator or the dispatcher issues a new one.</summary>
    public const int MaxSecurityCodeFailures = 5;

    public bool SecurityCodeLocked => SecurityCodeFailures >= MaxSecurityCodeFailures;

    public DateTime? ConfirmedAt { get; private set; }

    public string? ConfirmedBy { get; private set; }

    public GeneratorSignatureMethod? ConfirmationMethod { get; private set; }

    public Guid? ManifestId { get; private set; }

    public static TripStop Plan(Guid tripId, int sequence, DispatchStopSpec spec, SiteId siteId, string siteName, string address, string generatorName,
        JurisdictionId district, JurisdictionId town, OrganisationId carrier, OrganisationId receiver, TimeOnly arrival) => new()
        {
            Id = spec.Key,
            TripId = tripId,
            Sequence = sequence,
            PickupRequestId = spec.RequestId,
            OrganisationId = new OrganisationId(spec.GeneratorOrganisationId),
            DistrictId = district,
            TownId = town,
            CarrierId = carrier,
            ReceiverId = receiver,
            GeneratorName = generatorName,
            SiteId = siteId,
            SiteName = siteName,
            Address = address,
            Latitude = spec.Latitude,
            Longitude = spec.Longitude,
            EstimatedG = Weight.ToGrams(spec.EstimatedKg),
            Categories = Vehicle.JoinList(spec.Categories),
            Groups = Vehicle.JoinList(spec.Groups),
            OpeningHours = FormatHours(spec.OpeningHours),
            PlannedArrival = arrival,
            Status = StopStatus.Planned,
        };

    public DispatchStopSpec ToSpec() => new(Id, PickupRequestId, OrganisationId.Value, Latitude, Longitude, Weight.ToKilograms(EstimatedG),
        Vehicle.ParseList(Categories), Vehicle.ParseList(Groups), ParseHours(OpeningHours));

    public void MoveTo(Guid tripId, int sequence, TimeOnly arrival)
    {
        TripId = tripId;
        Sequence = sequence;
        PlannedArrival = arrival;
    }

    public void IssueSecurityCode(string code) => SecurityCode ??= code;

    /// <summary>A new code replaces the old one (locked or not) and the count of wrong codes starts again.</summary>
    public void ReissueSecurityCode(string code)
    {
        if (Status != StopStatus.Planned)
        {
            throw new DomainRuleViolationException("OnlyOpenStopsGetANewSecurityCode", $"The stop at {SiteName} is {Status}; its code is no longer used.");
        }

        SecurityCode = code;
        SecurityCodeFailures = 0;
    }

    public void AttachManifest(Guid manifestId) => ManifestId ??= manifestId;

    public void Confirm(DateTime at, string actor, GeneratorSignatureMethod method)
    {
        if (Status == StopStatus.Confirmed)
        {
            throw new DomainRuleViolationException("StopIsConfirmedOnce", $"The stop at {SiteName} was already confirmed at {ConfirmedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}.");
        }

        if (Status != StopStatus.Planned)
        {
            throw new DomainRuleViolationException("OnlyPlannedStopsCanBeConfirmed", $"The stop at {SiteName} is {Status}.");
        }

        Status = StopStatus.Confirmed;
        ConfirmedAt = at;
        ConfirmedBy = actor;
        ConfirmationMethod = method;
    }

    public static string FormatHours(IEnumerable<OpeningInterval> hours) =>
        string.Join(';', hours.OrderBy(h => h.Open).Select(h => $"{h.Open.ToString("HH:mm", CultureInfo.InvariantCulture)}-{h.Close.ToString("HH:mm", CultureInfo.InvariantCulture)}"));

    public static IReadOnlyList<OpeningInterval> ParseHours(string text) =>
        string.IsNullOrEmpty(text)
            ? []
            : text.Split(';').Select(p => p.Split('-')).Select(p => new OpeningInterval(
                TimeOnly.ParseExact(p[0], "HH:mm", CultureInfo.InvariantCulture), TimeOnly.ParseExact(p[1], "HH:mm", CultureInfo.InvariantCulture))).ToList();

    internal sealed class Configuration : IEntityTypeConfiguration<TripStop>
    {
        public const string Table = "waste_trip_stops";

        public void Configure(EntityTypeBuilder<TripStop> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id).HasName("pk_waste_trip_stops");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(x => x.TripId).HasColumnName("trip_id");
            b.Property(x => x.Sequence).HasColumnName("sequence");
            b.Property(x => x.PickupRequestId).HasColumnName("pickup_request_id");
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.CarrierId).HasColumnName("carrier_id");
            b.Property(x => x.ReceiverId).HasColumnName("receiver_id");
            b.Property(x => x.GeneratorName).HasColumnName("generator_name").HasMaxLength(200);
            b.Property(x => x.SiteId).HasColumnName("site_id");
            b.Property(x => x.SiteName).HasColumnName("site_name").HasMaxLength(200);
            b.Property(x => x.Address).HasColumnName("address").HasMaxLength(500);
            b.Property(x => x.Latitude).HasColumnName("latitude");
            b.Property(x => x.Longitude).HasColumnName("longitude");
            b.Property(x => x.EstimatedG).HasColumnName("estimated_g");
            b.Property(x => x.Categories).HasColumnName("categories").HasMaxLength(200);
            b.Property(x => x.Groups).HasColumnName("groups").HasMaxLength(200);
            b.Property(x => x.OpeningHours).HasColumnName("opening_hours").HasMaxLength(200);
            b.Property(x => x.PlannedArrival).HasColumnName("planned_arrival");
            b.Property(x => x.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.SecurityCode).HasColumnName("security_code").HasMaxLength(8);
            b.Property(x => x.SecurityCodeFailures).HasColumnName("security_code_failures");
            b.Ignore(x => x.SecurityCodeLocked);
            b.Property(x => x.ConfirmedAt).HasColumnName("confirmed_at");
            b.Property(x => x.ConfirmedBy).HasColumnName("confirmed_by").HasMaxLength(200);
            b.Property(x => x.ConfirmationMethod).HasColumnName("confirmation_method").HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.ManifestId).HasColumnName("manifest_id");
            b.HasIndex(x => new { x.TripId, x.Sequence }).HasDatabaseName("ix_waste_trip_stops_trip_id_sequence");
            b.HasIndex(x => x.PickupRequestId).HasDatabaseName("ix_waste_trip_stops_pickup_request_id");
            b.HasIndex(x => x.OrganisationId).HasDatabaseName("ix_waste_trip_stops_organisation_id");
            b.HasOne<Trip>().WithMany().HasForeignKey(x => x.TripId).HasConstraintName("fk_waste_trip_stops_trip_id").OnDelete(DeleteBehavior.Cascade);
        }
    }
}
