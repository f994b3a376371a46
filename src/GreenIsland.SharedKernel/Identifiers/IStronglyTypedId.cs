namespace GreenIsland.SharedKernel.Identifiers;

/// <summary>
/// A strongly typed identifier wrapping a <see cref="Guid"/> (UUID version 7 for new entities), so that
/// ids of different entities cannot be mixed up at compile time.
/// </summary>
/// <typeparam name="TSelf">The identifier type itself.</typeparam>
public interface IStronglyTypedId<TSelf>
    where TSelf : struct, IStronglyTypedId<TSelf>
{
    /// <summary>The underlying value.</summary>
    Guid Value { get; }

    /// <summary>Wraps an existing value.</summary>
    /// <param name="value">The underlying GUID.</param>
    static abstract TSelf From(Guid value);
}
