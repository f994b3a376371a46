using System.Text.Json;
using System.Text.Json.Nodes;
using GreenIsland.Waste.Domain.Manifests;

namespace GreenIsland.Waste.Features.Manifests;

internal sealed record ManifestLineResponse(int LineNo, string WasteCode, string WasteName, string Category, string Characteristics, string PhysicalForm,
    string Packaging, int ContainerCount, decimal QuantityKg, bool Measured, decimal? ReceivedKg, decimal? AcceptedKg, decimal? DeviationPercent, bool Discrepancy);

internal sealed record ManifestContainerResponse(Guid ContainerId, string Code, int LineNo, decimal ShippedKg, decimal? ReceivedKg);

internal sealed record ManifestPartyResponse(Guid? OrganisationId, string Name);

internal sealed record ManifestSummary(Guid Id, string Number, int Version, string Status, Guid? TripId, ManifestPartyResponse Generator,
    ManifestPartyResponse Carrier, ManifestPartyResponse Receiver, decimal QuantityKg, decimal? ReceivedKg, bool HasDiscrepancy,
    DateOnly? ConfirmationDeadline, bool ConfirmationDeadlineProvisional, bool Overdue, DateTime CreatedAt);

/// <summary>One event of the manifest; <c>ActorName</c> is the person's display name (the audit form for the system and rules).</summary>
internal sealed record ManifestEventResponse(long Id, int Version, string Type, string? From, string To, DateTime At, string Actor, JsonNode? Payload, string ActorName);

internal sealed record ManifestResponse(
    Guid Id, string Number, int Version, string Status, Guid? TripId,
    ManifestPartyResponse Generator, Guid? GeneratorSiteId, ManifestPartyResponse Carrier, string VehiclePlate, string VehiclePermitNumber, ManifestPartyResponse Receiver,
    DateTime CreatedAt, DateTime? GeneratorSignedAt, string? GeneratorSignedBy, string? GeneratorSignatureMethod, DateTime? CarrierSignedAt, string? CarrierSignedBy,
    DateTime? ReceivedAt, string? ReceivedBy, DateOnly? ConfirmationDeadline, bool ConfirmationDeadlineProvisional, bool Overdue,
    DateTime? DecidedAt, string? DecidedBy, string? RefusalReason, DateTime? DisposedAt, string? DisposedBy, string? DisposalMethod,
    DateTime? CancelledAt, string? CancelReason, bool HasDiscrepancy, decimal? TolerancePercent, decimal QuantityKg,
    IReadOnlyList<ManifestLineResponse> Lines, IReadOnlyList<ManifestContainerResponse> Containers, IReadOnlyList<ManifestEventResponse> Events);

internal static class ManifestViews
{
    public static ManifestSummary Summary(Manifest m, DateOnly today) => new(m.Id, m.Number, m.Version, m.Status.ToString(), m.TripId,
        new(m.OrganisationId.Value, m.GeneratorName), new(m.CarrierId?.Value, m.CarrierName), new(m.ReceiverId?.Value, m.ReceiverName),
        Weight.ToKilograms(m.Lines.Sum(l => l.QuantityG)),
        m.Lines.All(l => l.ReceivedQuantityG is not null) && m.Lines.Count > 0 ? Weight.ToKilograms(m.Lines.Sum(l => l.ReceivedQuantityG!.Value)) : null,
        m.HasDiscrepancy, m.ConfirmationDeadline, m.ConfirmationDeadlineProvisional, m.IsConfirmationOverdue(today), m.CreatedAt);

    public static ManifestResponse Detail(Manifest m, IEnumerable<ManifestContainer> containers, IEnumerable<ManifestEvent> events, DateOnly today,
        IReadOnlyDictionary<string, string> people) => new(
        m.Id, m.Number, m.Version, m.Status.ToString(), m.TripId,
        new(m.OrganisationId.Value, m.GeneratorName), m.GeneratorSiteId?.Value, new(m.CarrierId?.Value, m.CarrierName), m.VehiclePlate, m.VehiclePermitNumber,
        new(m.ReceiverId?.Value, m.ReceiverName),
        m.CreatedAt, m.GeneratorSignedAt, m.GeneratorSignedBy, m.GeneratorSignatureMethod?.ToString(), m.CarrierSignedAt, m.CarrierSignedBy,
        m.ReceivedAt, m.ReceivedBy, m.ConfirmationDeadline, m.ConfirmationDeadlineProvisional, m.IsConfirmationOverdue(today),
        m.DecidedAt, m.DecidedBy, m.RefusalReason, m.DisposedAt, m.DisposedBy, m.DisposalMethod, m.CancelledAt, m.CancelReason,
        m.HasDiscrepancy, m.TolerancePercent, Weight.ToKilograms(m.Lines.Sum(l => l.QuantityG)),
        m.Lines.OrderBy(l => l.LineNo).Select(l => new ManifestLineResponse(l.LineNo, l.WasteCode, l.WasteName, l.Category, l.Characteristics, l.PhysicalForm,
            l.Packaging, l.ContainerCount, Weight.ToKilograms(l.QuantityG), l.Measured,
            l.ReceivedQuantityG is { } r ? Weight.ToKilograms(r) : null, l.AcceptedQuantityG is { } a ? Weight.ToKilograms(a) : null,
            l.DeviationPercent, l.Discrepancy)).ToList(),
        containers.OrderBy(c => c.LineNo).ThenBy(c => c.ContainerCode, StringComparer.Ordinal)
            .Select(c => new ManifestContainerResponse(c.ContainerId, c.ContainerCode, c.LineNo, Weight.ToKilograms(c.ShippedG), c.ReceivedG is { } g ? Weight.ToKilograms(g) : null)).ToList(),
        events.OrderBy(e => e.Id).Select(e => new ManifestEventResponse(e.Id, e.Version, e.Type, e.FromStatus, e.ToStatus, e.At, e.Actor, JsonNode.Parse(e.PayloadJson),
            people.GetValueOrDefault(e.Actor, e.Actor))).ToList());

    public static JsonSerializerOptions Json { get; } = JsonSerializerOptions.Web;
}
