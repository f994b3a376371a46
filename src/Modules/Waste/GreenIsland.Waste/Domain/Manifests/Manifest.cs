using System.Globalization;
using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Persistence;

namespace GreenIsland.Waste.Domain.Manifests;

/// <summary>The parties of a manifest, copied onto it when it is drawn up (a manifest is a record, not a view).</summary>
internal sealed record ManifestParties(
    OrganisationId GeneratorOrganisationId,
    SiteId? GeneratorSiteId,
    string GeneratorName,
    JurisdictionId GeneratorDistrictId,
    JurisdictionId GeneratorTownId,
    OrganisationId CarrierOrganisationId,
    string CarrierName,
    Guid? VehicleId,
    string VehiclePlate,
    string VehiclePermitNumber,
    OrganisationId ReceiverOrganisationId,
    string ReceiverName);

/// <summary>
/// An electronic transfer manifest: one per generator per trip (or one per shipment from a transfer warehouse).
/// State changes are explicit methods that take the instant and the actor and return the transition to record;
/// none reads a clock (the server's "now" is passed in to refuse signatures dated in the future).
/// </summary>
internal sealed class Manifest : IPartyRow
{
    public const int NameMaxLength = 200;
    public const int ReasonMaxLength = 1000;

    private readonly List<ManifestLine> _lines = [];

    private Manifest()
    {
        Number = GeneratorName = CarrierName = VehiclePlate = VehiclePermitNumber = ReceiverName = CreatedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    public string Number { get; private set; }

    /// <summary>1 when drawn up; each agreed correction adds one.</summary>
    public int Version { get; private set; }

    public ManifestStatus Status { get; private set; }

    public Guid? TripId { get; private set; }

    /// <summary>The generator (the row's owner for tenancy).</summary>
    public OrganisationId OrganisationId { get; private set; }

    public SiteId? GeneratorSiteId { get; private set; }

    public string GeneratorName { get; private set; }

    /// <summary>The generator's district.</summary>
    public JurisdictionId DistrictId { get; private set; }

    /// <summary>The generator's town.</summary>
    public JurisdictionId TownId { get; private set; }

    public OrganisationId? CarrierId { get; private set; }

    public string CarrierName { get; private set; }

    public Guid? VehicleId { get; private set; }

    public string VehiclePlate { get; private set; }

    public string VehiclePermitNumber { get; private set; }

    public OrganisationId? ReceiverId { get; private set; }

    public string ReceiverName { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTime? GeneratorSignedAt { get; private set; }

    public string? GeneratorSignedBy { get; private set; }

    public GeneratorSignatureMethod? GeneratorSignatureMethod { get; private set; }

    public DateTime? CarrierSignedAt { get; private set; }

    public string? CarrierSignedBy { get; private set; }

    public DateTime? ReceivedAt { get; private set; }

    public string? ReceivedBy { get; private set; }

    /// <summary>The last day (site time zone) on which the receiver may still confirm: 5 working days after receipt.</summary>
    public DateOnly? ConfirmationDeadline { get; private set; }

    /// <summary>Whether the deadline was counted without holiday data for some year (weekends only): show it as provisional.</summary>
    public bool ConfirmationDeadlineProvisional { get; private set; }

    public DateTime? DecidedAt { get; private set; }

    public string? DecidedBy { get; private set; }

    public string? RefusalReason { get; private set; }

    public DateTime? DisposedAt { get; private set; }

    public string? DisposedBy { get; private set; }

    public string? DisposalMethod { get; private set; }

    public DateTime? CancelledAt { get; private set; }

    public string? CancelledBy { get; private set; }

    public string? CancelReason { get; private set; }

    /// <summary>Whether any line's received weight is outside the tolerance.</summary>
    public bool HasDiscrepancy { get; private set; }

    public decimal? TolerancePercent { get; private set; }

    /// <summary>When the overdue-confirmation alert was raised (once).</summary>
    public DateTime? OverdueAlertedAt { get; private set; }

    public IReadOnlyList<ManifestLine> Lines => _lines;

    public long TotalQuantityG => _lines.Sum(l => l.QuantityG);

    public static Manifest Draw(Guid id, string number, Guid? tripId, ManifestParties parties, IReadOnlyList<ManifestLineDraft> lines, DateTime at, string actor)
    {
        ArgumentNullException.ThrowIfNull(parties);
        ArgumentNullException.ThrowIfNull(lines);
        if (!ManifestNumber.IsValid(number))
        {
            throw new ArgumentException($"'{number}' is not a 14-digit manifest number.", nameof(number));
        }

        var manifest = new Manifest
        {
            Id = id,
            Number = number,
            Version = 1,
            Status = ManifestStatus.Draft,
            TripId = tripId,
            OrganisationId = parties.GeneratorOrganisationId,
            GeneratorSiteId = parties.GeneratorSiteId,
            GeneratorName = parties.GeneratorName,
            DistrictId = parties.GeneratorDistrictId,
            TownId = parties.GeneratorTownId,
            CarrierId = parties.CarrierOrganisationId,
            CarrierName = parties.CarrierName,
            VehicleId = parties.VehicleId,
            VehiclePlate = parties.VehiclePlate,
            VehiclePermitNumber = parties.VehiclePermitNumber,
            ReceiverId = parties.ReceiverOrganisationId,
            ReceiverName = parties.ReceiverName,
            CreatedAt = at,
            CreatedBy = actor,
        };
        manifest.ReplaceLines(lines);
        return manifest;
    }

    /// <summary>A draft's lines are replaced by what was weighed at the stop (estimated lines become measured ones).</summary>
    public void ReplaceLines(IReadOnlyList<ManifestLineDraft> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (Status != ManifestStatus.Draft)
        {
            throw new DomainRuleViolationException("OnlyDraftManifestsCanBeEdited", $"Manifest {Number} is {Status}; change it through a correction.");
        }

        _lines.Clear();
        _lines.AddRange(lines.Select((l, i) => ManifestLine.Create(Id, i + 1, l)));
    }

    /// <summary>Why a signature at <paramref name="at"/> would be refused for the next step, or null.</summary>
    public string? CheckSignatureInstant(ManifestStatus next, DateTime at, DateTime now)
    {
        var (previous, name) = next switch
        {
            ManifestStatus.SignedByGenerator => ((DateTime?)CreatedAt, "drawing-up of the manifest"),
            ManifestStatus.InTransit => (GeneratorSignedAt, "generator's signature"),
            ManifestStatus.Received => (CarrierSignedAt, "carrier's signature"),
            ManifestStatus.Accepted or ManifestStatus.PartiallyRefused or ManifestStatus.Refused => (ReceivedAt, "receipt"),
            ManifestStatus.Disposed => (DecidedAt, "receiver's decision"),
            _ => ((DateTime?)null, string.Empty),
        };
        return SignatureRules.Check(at, now, previous, name);
    }

    public ManifestTransition SignByGenerator(DateTime at, DateTime now, string actor, GeneratorSignatureMethod method)
    {
        Require(ManifestStatus.Draft, "OnlyDraftManifestsCanBeSignedByTheGenerator");
        if (_lines.Count == 0)
        {
            throw new DomainRuleViolationException("ManifestNeedsAtLeastOneLine", $"Manifest {Number} has no waste on it; weigh at least one container first.");
        }

        GuardInstant(ManifestStatus.SignedByGenerator, at, now);
        GeneratorSignedAt = at;
        GeneratorSignedBy = actor;
        GeneratorSignatureMethod = method;
        return Move("SignedByGenerator", ManifestStatus.SignedByGenerator, at, actor, new JsonObject
        {
            ["method"] = method.ToString(),
            ["totalKg"] = Weight.ToKilograms(TotalQuantityG),
        });
    }

    public ManifestTransition SignByCarrier(DateTime at, DateTime now, string actor)
    {
        Require(ManifestStatus.SignedByGenerator, "ManifestMustBeSignedByTheGeneratorBeforeTheCarrier");
        GuardInstant(ManifestStatus.InTransit, at, now);
        CarrierSignedAt = at;
        CarrierSignedBy = actor;
        return Move("InTransit", ManifestStatus.InTransit, at, actor, new JsonObject { ["vehiclePlate"] = VehiclePlate });
    }

    /// <summary>
    /// The receiver weighs what arrived (a weight &gt; 0 for every line, by line number); lines outside the tolerance
    /// flag a discrepancy. The confirmation deadline (5 working days) is computed by the caller with the calendar.
    /// </summary>
    public ManifestTransition Receive(DateTime at, DateTime now, string actor, IReadOnlyDictionary<int, long> receivedGrams, WeightTolerance tolerance,
        DateOnly confirmationDeadline, bool deadlineProvisional = false)
    {
        ArgumentNullException.ThrowIfNull(receivedGrams);
        ArgumentNullException.ThrowIfNull(tolerance);
        Require(ManifestStatus.InTransit, "ManifestCannotBeReceivedBeforeItIsShipped");
        GuardInstant(ManifestStatus.Received, at, now);
        if (_lines.Any(l => !receivedGrams.TryGetValue(l.LineNo, out var g) || g <= 0) || receivedGrams.Keys.Any(k => _lines.All(l => l.LineNo != k)))
        {
            throw new DomainRuleViolationException("EveryLineMustBeWeighedOnReceipt", "Give a received weight greater than 0 for every line of the manifest, and for no other line.");
        }

        foreach (var line in _lines)
        {
            line.Receive(receivedGrams[line.LineNo], tolerance);
        }

        ReceivedAt = at;
        ReceivedBy = actor;
        TolerancePercent = tolerance.Percent;
        HasDiscrepancy = _lines.Any(l => l.Discrepancy);
        ConfirmationDeadline = confirmationDeadline;
        ConfirmationDeadlineProvisional = deadlineProvisional;
        return Move("Received", ManifestStatus.Received, at, actor, new JsonObject
        {
            ["receivedKg"] = Weight.ToKilograms(_lines.Sum(l => l.ReceivedQuantityG!.Value)),
            ["shippedKg"] = Weight.ToKilograms(TotalQuantityG),
            ["discrepancy"] = HasDiscrepancy,
            ["tolerancePercent"] = tolerance.Percent,
            ["lines"] = new JsonArray(_lines.Select(l => (JsonNode)new JsonObject
            {
                ["lineNo"] = l.LineNo,
                ["shippedKg"] = Weight.ToKilograms(l.QuantityG),
                ["receivedKg"] = Weight.ToKilograms(l.ReceivedQuantityG!.Value),
                ["deviationPercent"] = l.DeviationPercent,
                ["discrepancy"] = l.Discrepancy,
            }).ToArray()),
            ["confirmationDeadline"] = confirmationDeadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
    }

    /// <summary>
    /// The receiver accepts, partly refuses or refuses. Accepted quantities default to the received ones for
    /// <see cref="ManifestDecision.Accepted"/> and to zero for <see cref="ManifestDecision.Refused"/>.
    /// </summary>
    public ManifestTransition Decide(ManifestDecision decision, DateTime at, DateTime now, string actor, IReadOnlyDictionary<int, long>? acceptedGrams, string? reason)
    {
        Require(ManifestStatus.Received, "OnlyReceivedManifestsCanBeAcceptedOrRefused");
        GuardInstant(ManifestStatus.Accepted, at, now);
        var accepted = _lines.ToDictionary(l => l.LineNo, l => acceptedGrams is not null && acceptedGrams.TryGetValue(l.LineNo, out var g)
            ? g
            : decision == ManifestDecision.Refused ? 0 : l.ReceivedQuantityG!.Value);
        if (acceptedGrams is not null && acceptedGrams.Keys.Any(k => _lines.All(l => l.LineNo != k)))
        {
            throw new DomainRuleViolationException("AcceptedLinesMustBeOnTheManifest", "An accepted quantity names a line that is not on the manifest.");
        }

        if (_lines.Any(l => accepted[l.LineNo] < 0 || accepted[l.LineNo] > l.ReceivedQuantityG!.Value))
        {
            throw new DomainRuleViolationException("AcceptedQuantityCannotExceedReceivedQuantity", "An accepted quantity must be between 0 and the received quantity of its line.");
        }

        var total = accepted.Values.Sum();
        var received = _lines.Sum(l => l.ReceivedQuantityG!.Value);
        var consistent = decision switch
        {
            ManifestDecision.Accepted => total == received,
            ManifestDecision.Refused => total == 0,
            _ => total > 0 && total < received,
        };
        if (!consistent)
        {
            throw new DomainRuleViolationException("DecisionMustMatchAcceptedQuantities", decision switch
            {
                ManifestDecision.Accepted => "Accepting means accepting every received kilogram; refuse part of it with PartiallyRefused.",
                ManifestDecision.Refused => "Refusing means accepting nothing.",
                _ => "A partial refusal accepts more than nothing and less than everything received.",
            });
        }

        if (decision != ManifestDecision.Accepted && string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainRuleViolationException("RefusalNeedsAReason", "Say why the waste is (partly) refused.");
        }

        foreach (var line in _lines)
        {
            line.Accept(accepted[line.LineNo]);
        }

        DecidedAt = at;
        DecidedBy = actor;
        RefusalReason = decision == ManifestDecision.Accepted ? null : reason!.Trim();
        var to = decision switch
        {
            ManifestDecision.Accepted => ManifestStatus.Accepted,
            ManifestDecision.Refused => ManifestStatus.Refused,
            _ => ManifestStatus.PartiallyRefused,
        };
        return Move(to.ToString(), to, at, actor, new JsonObject
        {
            ["acceptedKg"] = Weight.ToKilograms(total),
            ["receivedKg"] = Weight.ToKilograms(received),
            ["reason"] = RefusalReason,
        });
    }

    public ManifestTransition Dispose(DateTime at, DateTime now, string actor, string method)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        if (Status is not (ManifestStatus.Accepted or ManifestStatus.PartiallyRefused))
        {
            throw new DomainRuleViolationException("OnlyAcceptedWasteCanBeDisposed", $"Manifest {Number} is {Status}; only accepted or partly refused waste is disposed of.");
        }

        GuardInstant(ManifestStatus.Disposed, at, now);
        DisposedAt = at;
        DisposedBy = actor;
        DisposalMethod = method.Trim();
        return Move("Disposed", ManifestStatus.Disposed, at, actor, new JsonObject
        {
            ["method"] = DisposalMethod,
            ["acceptedKg"] = Weight.ToKilograms(_lines.Sum(l => l.AcceptedQuantityG ?? 0)),
        });
    }

    public ManifestTransition Cancel(DateTime at, string actor, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (Status is not (ManifestStatus.Draft or ManifestStatus.SignedByGenerator))
        {
            throw new DomainRuleViolationException("OnlyManifestsNotYetShippedCanBeCancelled", $"Manifest {Number} is {Status}; once the waste has left, correct the manifest instead.");
        }

        CancelledAt = at;
        CancelledBy = actor;
        CancelReason = reason.Trim();
        return Move("Cancelled", ManifestStatus.Cancelled, at, actor, new JsonObject { ["reason"] = CancelReason });
    }

    /// <summary>Whether the receiver's confirmation is late on <paramref name="today"/> (site time zone).</summary>
    public bool IsConfirmationOverdue(DateOnly today) => Status == ManifestStatus.Received && ConfirmationDeadline is { } d && today > d;

    public void MarkOverdueAlerted(DateTime at) => OverdueAlertedAt ??= at;

    /// <summary>Applies a correction every party agreed to: a new version with the corrected quantities.</summary>
    public ManifestTransition ApplyCorrection(IReadOnlyList<CorrectedLine> corrections, WeightTolerance tolerance, DateTime at, string actor, string reason)
    {
        ArgumentNullException.ThrowIfNull(corrections);
        ArgumentNullException.ThrowIfNull(tolerance);
        if (!CanBeCorrected)
        {
            throw new DomainRuleViolationException("OnlySignedManifestsAreCorrected", $"Manifest {Number} is {Status}; a draft is edited, a cancelled manifest is closed.");
        }

        var before = LinesJson();
        foreach (var c in corrections)
        {
            var line = _lines.SingleOrDefault(l => l.LineNo == c.LineNo)
                ?? throw new DomainRuleViolationException("CorrectedLinesMustBeOnTheManifest", $"Line {c.LineNo} is not on manifest {Number}.");
            if (c.ReceivedGrams is not null && line.ReceivedQuantityG is null)
            {
                throw new DomainRuleViolationException("ReceivedWeightIsCorrectedOnlyAfterReceipt", $"Line {c.LineNo} has not been received yet.");
            }

            line.Correct(c.QuantityGrams, c.ReceivedGrams, tolerance);
        }

        if (ReceivedAt is not null)
        {
            HasDiscrepancy = _lines.Any(l => l.Discrepancy);
            TolerancePercent = tolerance.Percent;
        }

        Version++;
        return new ManifestTransition("Corrected", Status, Status, at, actor, new JsonObject
        {
            ["version"] = Version,
            ["reason"] = reason,
            ["before"] = before,
            ["after"] = LinesJson(),
            ["discrepancy"] = HasDiscrepancy,
        });
    }

    public bool CanBeCorrected => Status is not (ManifestStatus.Draft or ManifestStatus.Cancelled);

    private JsonArray LinesJson() => new(_lines.Select(l => (JsonNode)new JsonObject
    {
        ["lineNo"] = l.LineNo,
        ["wasteCode"] = l.WasteCode,
        ["quantityKg"] = Weight.ToKilograms(l.QuantityG),
        ["receivedKg"] = l.ReceivedQuantityG is { } r ? Weight.ToKilograms(r) : null,
    }).ToArray());

    private void Require(ManifestStatus expected, string rule)
    {
        if (Status != expected)
        {
            throw new DomainRuleViolationException(rule, $"Manifest {Number} is {Status}; this step needs it to be {expected}.");
        }
    }

    private void GuardInstant(ManifestStatus next, DateTime at, DateTime now)
    {
        if (CheckSignatureInstant(next, at, now) is { } reason)
        {
            throw new DomainRuleViolationException(at > now ? "SignaturesCannotBeDatedInTheFuture" : "SignaturesMustFollowTheWaste", reason);
        }
    }

    private ManifestTransition Move(string type, ManifestStatus to, DateTime at, string actor, JsonObject payload)
    {
        var from = Status;
        Status = to;
        payload["number"] = Number;
        payload["version"] = Version;
        return new ManifestTransition(type, from, to, at, actor, payload);
    }
}

/// <summary>A corrected line: the shipped quantity and, once received, the received quantity.</summary>
internal sealed record CorrectedLine(int LineNo, long QuantityGrams, long? ReceivedGrams);
