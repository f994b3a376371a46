using System.Text.Json;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.Manifests;

internal enum CorrectionStatus
{
    Pending = 1,
    Applied = 2,
    Withdrawn = 3,
}

/// <summary>
/// A proposed correction of a signed manifest (e-Manifest's "UnderCorrection"): new quantities for some lines, with a
/// reason. Every party of the manifest (generator, carrier, receiver) agrees; the last agreement applies it as a new
/// version of the manifest. The proposing party agrees by proposing. Same audience as the manifest.
/// </summary>
internal sealed class ManifestCorrection : IPartyRow
{
    public const int ReasonMaxLength = 1000;

    private ManifestCorrection()
    {
        Reason = LinesJson = ProposedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid ManifestId { get; private set; }

    /// <summary>The manifest version this correction starts from; it is void once the manifest moved on.</summary>
    public int FromVersion { get; private set; }

    public string Reason { get; private set; }

    public string LinesJson { get; private set; }

    public CorrectionStatus Status { get; private set; }

    public DateTime ProposedAt { get; private set; }

    public string ProposedBy { get; private set; }

    public DateTime? GeneratorAgreedAt { get; private set; }

    public DateTime? CarrierAgreedAt { get; private set; }

    public DateTime? ReceiverAgreedAt { get; private set; }

    public DateTime? AppliedAt { get; private set; }

    public OrganisationId OrganisationId { get; private set; }

    public JurisdictionId DistrictId { get; private set; }

    public JurisdictionId TownId { get; private set; }

    public OrganisationId? CarrierId { get; private set; }

    public OrganisationId? ReceiverId { get; private set; }

    public IReadOnlyList<CorrectedLine> Lines => JsonSerializer.Deserialize<List<CorrectedLine>>(LinesJson, JsonSerializerOptions.Web) ?? [];

    public static ManifestCorrection Propose(Manifest m, IReadOnlyList<CorrectedLine> lines, string reason, OrganisationId party, DateTime now, string actor)
    {
        var correction = new ManifestCorrection
        {
            Id = Guid.CreateVersion7(),
            ManifestId = m.Id,
            FromVersion = m.Version,
            Reason = reason,
            LinesJson = JsonSerializer.Serialize(lines, JsonSerializerOptions.Web),
            Status = CorrectionStatus.Pending,
            ProposedAt = now,
            ProposedBy = actor,
            OrganisationId = m.OrganisationId,
            DistrictId = m.DistrictId,
            TownId = m.TownId,
            CarrierId = m.CarrierId,
            ReceiverId = m.ReceiverId,
        };
        correction.Agree(m, party, now);
        return correction;
    }

    /// <summary>Records the agreement of <paramref name="party"/> (every role it holds on the manifest).</summary>
    public void Agree(Manifest m, OrganisationId party, DateTime now)
    {
        if (Status != CorrectionStatus.Pending)
        {
            throw new DomainRuleViolationException("OnlyPendingCorrectionsAreAgreed", $"The correction is {Status}.");
        }

        if (m.Version != FromVersion)
        {
            throw new DomainRuleViolationException("CorrectionMustStartFromTheCurrentVersion", $"Manifest {m.Number} is at version {m.Version}; propose the correction again.");
        }

        var any = false;
        if (party == m.OrganisationId)
        {
            GeneratorAgreedAt ??= now;
            any = true;
        }

        if (party == m.CarrierId)
        {
            CarrierAgreedAt ??= now;
            any = true;
        }

        if (party == m.ReceiverId)
        {
            ReceiverAgreedAt ??= now;
            any = true;
        }

        if (!any)
        {
            throw new DomainRuleViolationException("OnlyPartiesAgreeToCorrections", "Only the generator, the carrier and the receiver of the manifest agree to a correction.");
        }
    }

    public bool AgreedByAll => GeneratorAgreedAt is not null && CarrierAgreedAt is not null && ReceiverAgreedAt is not null;

    public void MarkApplied(DateTime now)
    {
        Status = CorrectionStatus.Applied;
        AppliedAt = now;
    }

    internal sealed class Configuration : IEntityTypeConfiguration<ManifestCorrection>
    {
        public const string Table = "waste_manifest_corrections";

        public void Configure(EntityTypeBuilder<ManifestCorrection> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id).HasName("pk_waste_manifest_corrections");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(x => x.ManifestId).HasColumnName("manifest_id");
            b.Property(x => x.FromVersion).HasColumnName("from_version");
            b.Property(x => x.Reason).HasColumnName("reason").HasMaxLength(ReasonMaxLength);
            b.Property(x => x.LinesJson).HasColumnName("lines_json");
            b.Property(x => x.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.ProposedAt).HasColumnName("proposed_at");
            b.Property(x => x.ProposedBy).HasColumnName("proposed_by").HasMaxLength(200);
            b.Property(x => x.GeneratorAgreedAt).HasColumnName("generator_agreed_at");
            b.Property(x => x.CarrierAgreedAt).HasColumnName("carrier_agreed_at");
            b.Property(x => x.ReceiverAgreedAt).HasColumnName("receiver_agreed_at");
            b.Property(x => x.AppliedAt).HasColumnName("applied_at");
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.CarrierId).HasColumnName("carrier_id");
            b.Property(x => x.ReceiverId).HasColumnName("receiver_id");
            b.Ignore(x => x.Lines);
            b.Ignore(x => x.AgreedByAll);
            b.HasIndex(x => x.ManifestId).HasDatabaseName("ix_waste_manifest_corrections_manifest_id");
            b.HasOne<Manifest>().WithMany().HasForeignKey(x => x.ManifestId).HasConstraintName("fk_waste_manifest_corrections_manifest_id").OnDelete(DeleteBehavior.Cascade);
        }
    }
}
