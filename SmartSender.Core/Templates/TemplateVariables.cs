using Fluid;
using Fluid.Ast;

namespace SmartSender.Core.Templates;

/// <summary>
/// The variables a template uses, read from its syntax: every root name it reads, and those it needs because
/// no <c>default</c> filter covers them. Names the template defines itself (assign, capture, for) are not variables.
/// </summary>
public sealed class TemplateVariables : AstVisitor
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly HashSet<string> _required = new(StringComparer.Ordinal);
    private readonly HashSet<string> _locals = new(StringComparer.Ordinal) { "forloop", "tablerowloop", "empty", "blank" };
    private readonly List<RangeExpression> _ranges = [];
    private bool _defaulted;
    private string[]? _requiredNames;

    public IReadOnlyCollection<string> Used => [.. _used.Except(_locals).Order()];

    /// <summary>Every range a for loop iterates; Fluid materialises a range before looping, so its size is checked before rendering.</summary>
    public IReadOnlyList<RangeExpression> Ranges => _ranges;

    /// <summary>What a caller must give: the system variables SmartSender fills in are never required.</summary>
    /// <remarks>Worked out once: the visit is over before anyone asks, and every render asks.</remarks>
    public IReadOnlyCollection<string> Required => _requiredNames ??= [.. _required.Except(_locals).Except(SystemVariables.Names).Order()];

    /// <summary>The variables a caller gives: <see cref="Used"/> without the system ones.</summary>
    public IReadOnlyCollection<string> Caller => [.. Used.Except(SystemVariables.Names)];

    public static TemplateVariables Of(params IFluidTemplate?[] templates)
    {
        var visitor = new TemplateVariables();
        foreach (var template in templates.OfType<IFluidTemplate>())
        {
            visitor.VisitTemplate(template);
        }

        return visitor;
    }

    protected override Expression VisitMemberExpression(MemberExpression memberExpression)
    {
        if (memberExpression.Segments is [IdentifierSegment root, ..])
        {
            _used.Add(root.Identifier);
            if (!_defaulted)
            {
                _required.Add(root.Identifier);
            }
        }

        return base.VisitMemberExpression(memberExpression);
    }

    protected override Expression VisitFilterExpression(FilterExpression filterExpression)
    {
        if (filterExpression.Name != "default")
        {
            return base.VisitFilterExpression(filterExpression);
        }

        // {{ name | default: "there" }}: name is optional here.
        var outer = _defaulted;
        _defaulted = true;
        Visit(filterExpression.Input);
        _defaulted = outer;
        foreach (var parameter in filterExpression.Parameters)
        {
            Visit(parameter.Expression);
        }

        return filterExpression;
    }

    protected override Expression VisitRangeExpression(RangeExpression rangeExpression)
    {
        _ranges.Add(rangeExpression);
        return base.VisitRangeExpression(rangeExpression);
    }

    protected override Statement VisitAssignStatement(AssignStatement assignStatement)
    {
        _locals.Add(assignStatement.Identifier);
        return base.VisitAssignStatement(assignStatement);
    }

    protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
    {
        _locals.Add(captureStatement.Identifier);
        return base.VisitCaptureStatement(captureStatement);
    }

    protected override Statement VisitForStatement(ForStatement forStatement)
    {
        _locals.Add(forStatement.Identifier);
        return base.VisitForStatement(forStatement);
    }
}
