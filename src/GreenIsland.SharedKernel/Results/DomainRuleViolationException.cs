namespace GreenIsland.SharedKernel.Results;

/// <summary>
/// Thrown when a command would break a domain rule (an aggregate invariant). The host maps it to
/// 409 Conflict with the rule name, so rules are named as sentences (e.g. <c>UserNameMustBeUnique</c>).
/// </summary>
/// <param name="rule">The rule's name.</param>
/// <param name="message">An explanation a user can act on.</param>
public sealed class DomainRuleViolationException(string rule, string message) : Exception(message)
{
    /// <summary>The violated rule's name.</summary>
    public string Rule { get; } = rule;
}
