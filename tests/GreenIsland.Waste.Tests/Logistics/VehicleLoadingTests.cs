using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Dispatch;
using GreenIsland.Waste.Features.Dispatch;

namespace GreenIsland.Waste.Tests.Logistics;

/// <summary>What a driver may load onto the trip's vehicle: the permit, the compartments' groups, and no incompatible wastes in one compartment.</summary>
public sealed class VehicleLoadingTests
{
    private const int Oxidiser = (int)CompatibilityGroup.Oxidiser;
    private const int Combustible = (int)CompatibilityGroup.Combustible;
    private const int Acid = (int)CompatibilityGroup.Acid;
    private const int Alkali = (int)CompatibilityGroup.AlkalineCaustic;
    private const int General = (int)CompatibilityGroup.General;

    private static DispatchVehicle Vehicle(IReadOnlyList<int> categories, params IReadOnlyList<int>[] compartments) =>
        new(Guid.NewGuid(), "苏E12345", 2000, compartments.Select(c => new DispatchCompartment(1000, c)).ToList(), categories, new(8, 0), new(18, 0), 31.7, 120.0);

    [Fact]
    public void CategoryOutsideThePermit_IsRefusedFirst()
    {
        var check = VehicleLoading.Check(Vehicle([8, 49]), [], 31, Acid, DispatchCompatibility.Pairs);
        Assert.Equal(LoadRefusal.CategoryNotPermitted, check.Refusal);
    }

    [Fact]
    public void OneCompartment_TakesCompatibleWastes_RefusesAnIncompatibleOne_NamingTheClash()
    {
        var vehicle = Vehicle([8, 31, 34, 49]);
        Assert.Equal(LoadCheck.Accepted, VehicleLoading.Check(vehicle, [General, Oxidiser], 49, General, DispatchCompatibility.Pairs));
        var clash = VehicleLoading.Check(vehicle, [General, Oxidiser], 8, Combustible, DispatchCompatibility.Pairs);
        Assert.Equal(LoadRefusal.Incompatible, clash.Refusal);
        Assert.Equal([Oxidiser], clash.ClashingGroups);
        Assert.Equal(LoadRefusal.Incompatible, VehicleLoading.Check(vehicle, [Acid], 34, Alkali, DispatchCompatibility.Pairs).Refusal);
    }

    [Fact]
    public void SeparateCompartments_KeepIncompatibleWastesApart_UntilEveryCompartmentThatMayCarryTheGroupClashes()
    {
        // Compartment 1 any group, compartment 2 acids only.
        var vehicle = Vehicle([31, 34], [], [Acid]);
        // The alkali went into compartment 1; the acid goes into compartment 2.
        Assert.Equal(LoadCheck.Accepted, VehicleLoading.Check(vehicle, [Alkali], 31, Acid, DispatchCompatibility.Pairs));
        // An acid loaded first takes compartment 1 (the first that accepts it); an alkali then has nowhere to go.
        var check = VehicleLoading.Check(vehicle, [Acid], 34, Alkali, DispatchCompatibility.Pairs);
        Assert.Equal(LoadRefusal.Incompatible, check.Refusal);
        Assert.Equal([Acid], check.ClashingGroups);
        // Two compartments of any group: acid and alkali each get one.
        Assert.Equal(LoadCheck.Accepted, VehicleLoading.Check(Vehicle([31, 34], [], []), [Acid], 34, Alkali, DispatchCompatibility.Pairs));
    }

    [Fact]
    public void AGroupNoCompartmentMayCarry_IsRefused()
    {
        var check = VehicleLoading.Check(Vehicle([8, 49], [General], [Combustible]), [], 49, Oxidiser, DispatchCompatibility.Pairs);
        Assert.Equal(LoadRefusal.GroupNotCarried, check.Refusal);
    }
}
