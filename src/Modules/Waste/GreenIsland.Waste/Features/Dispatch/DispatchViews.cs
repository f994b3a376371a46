using System.Globalization;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Features.Vehicles;

namespace GreenIsland.Waste.Features.Dispatch;

internal sealed record TripStopResponse(Guid Id, int Sequence, Guid PickupRequestId, Guid GeneratorId, string GeneratorName, Guid SiteId, string SiteName, string Address,
    double Longitude, double Latitude, decimal EstimatedKg, IReadOnlyList<string> Categories, IReadOnlyList<int> Groups, string OpeningHours, string PlannedArrival,
    string Status, Guid? ManifestId, bool SecurityCodeLocked);

internal sealed record TripResponse(Guid Id, string Code, DateOnly Date, string Status, bool Locked, Guid VehicleId, string VehiclePlate, Guid? DriverUserId,
    string? DriverName, Guid ReceiverId, string ReceiverName, double DistanceKm, string PlannedStart, string PlannedEnd, decimal LoadKg,
    double DepotLongitude, double DepotLatitude, IReadOnlyList<TripStopResponse> Stops);

internal sealed record UnplannedResponse(Guid PickupRequestId, Guid GeneratorId, string GeneratorName, double Longitude, double Latitude, decimal EstimatedKg, string Reason);

internal sealed record PlanResponse(DateOnly Date, IReadOnlyList<TripResponse> Trips, IReadOnlyList<UnplannedResponse> Unplanned, bool Feasible,
    IReadOnlyList<string> Violations, double DistanceKm);

internal static class DispatchViews
{
    public static TripResponse Trip(Trip t, IEnumerable<TripStop> stops, Vehicle? vehicle)
    {
        var ordered = stops.Where(s => s.TripId == t.Id).OrderBy(s => s.Sequence).ToList();
        return new TripResponse(t.Id, t.Code, t.PlanDate, t.Status.ToString(), t.Locked, t.VehicleId, t.VehiclePlate, t.DriverUserId, t.DriverName,
            t.ReceiverOrganisationId.Value, t.ReceiverName, Math.Round(t.DistanceM / 1000.0, 2), Hm(t.PlannedStart), Hm(t.PlannedEnd),
            Weight.ToKilograms(ordered.Sum(s => s.EstimatedG)), vehicle?.DepotLongitude ?? 0, vehicle?.DepotLatitude ?? 0,
            ordered.Select(s => new TripStopResponse(s.Id, s.Sequence, s.PickupRequestId, s.OrganisationId.Value, s.GeneratorName, s.SiteId.Value, s.SiteName, s.Address,
                s.Longitude, s.Latitude, Weight.ToKilograms(s.EstimatedG), Vehicle.ParseList(s.Categories).Select(VehicleEndpoints.CategoryName).ToList(),
                Vehicle.ParseList(s.Groups), s.OpeningHours, Hm(s.PlannedArrival), s.Status.ToString(), s.ManifestId, s.SecurityCodeLocked)).ToList());
    }

    public static string Hm(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);
}
