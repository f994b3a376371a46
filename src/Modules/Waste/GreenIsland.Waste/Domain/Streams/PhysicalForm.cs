namespace GreenIsland.Waste.Domain.Streams;

/// <summary>Physical form of a waste (固态, 半固态, 液态, 气态), as filled on labels and manifests.</summary>
internal enum PhysicalForm
{
    Solid = 1,
    SemiSolid = 2,
    Liquid = 3,
    Gas = 4,
}
