using System.Linq.Expressions;

namespace GreenIsland.Waste.Persistence;

/// <summary>
/// Turns a filter written once against a tenancy interface (<c>x =&gt; x.OrganisationId == ...</c> on
/// <see cref="ITenantRow"/>) into the same filter on a concrete entity type, so EF translates plain property access.
/// </summary>
internal static class TenancyFilters
{
    public static LambdaExpression Retarget<TInterface>(Expression<Func<TInterface, bool>> filter, Type entityType)
    {
        var parameter = Expression.Parameter(entityType, "row");
        var body = new Retargeter(filter.Parameters[0], parameter).Visit(filter.Body);
        return Expression.Lambda(body, parameter);
    }

    private sealed class Retargeter(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Expression == from)
            {
                return Expression.Property(to, node.Member.Name);
            }

            return base.VisitMember(node);
        }

        protected override Expression VisitParameter(ParameterExpression node) =>
            node == from ? throw new InvalidOperationException("A tenancy filter may only read the row's properties.") : base.VisitParameter(node);
    }
}
