using Mono.Cecil;
using Mono.Cecil.Cil;

namespace SmartSender.Tests.Architecture;

/// <summary>
/// Which folders of SmartSender.Core use which, read from the compiled assembly: a folder is the namespace part after
/// <c>SmartSender.Core.</c> (or another root), and a type uses another when it names it anywhere (base type, members, signatures,
/// attributes, or the instructions of its methods, lambdas and async state machines included).
/// </summary>
public sealed class FolderGraph
{
    private FolderGraph(IReadOnlyDictionary<string, IReadOnlySet<string>> uses, IReadOnlyList<string> assemblies, IReadOnlyDictionary<(string, string), string> evidence) =>
        (Uses, AssemblyReferences, Evidence) = (uses, assemblies, evidence);

    /// <summary>For each use of a folder by another, one type that makes it: "Delivery.Pump.LaneRun uses Messages.Message".</summary>
    public IReadOnlyDictionary<(string From, string To), string> Evidence { get; }

    /// <summary>Each folder and the folders it uses (never itself).</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Uses { get; }

    /// <summary>The names of the assemblies Core references.</summary>
    public IReadOnlyList<string> AssemblyReferences { get; }

    public static FolderGraph Of(string assemblyPath, string root = "SmartSender.Core")
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var uses = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var evidence = new Dictionary<(string, string), string>();
        foreach (var type in module.Types.Where(t => t.Namespace.StartsWith(root + ".", StringComparison.Ordinal)))
        {
            var from = FolderOf(type.Namespace, root);
            var used = uses.TryGetValue(from, out var set) ? set : uses[from] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var reference in Referenced(type, module))
            {
                if (FolderOf(reference, root) is { } to && to != from && used.Add(to))
                {
                    evidence[(from, to)] = $"{type.FullName[(root.Length + 1)..]} uses {Outermost(reference).FullName[(root.Length + 1)..]}";
                }
            }
        }

        return new FolderGraph(
            uses.ToDictionary(p => p.Key, p => (IReadOnlySet<string>)p.Value, StringComparer.Ordinal),
            [.. module.AssemblyReferences.Select(a => a.Name)],
            evidence);
    }

    /// <summary>The groups of two or more folders that use each other, directly or through others (strongly connected components).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var found = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in Uses.GetValueOrDefault(node) ?? new HashSet<string>())
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }

            if (low[node] == index[node])
            {
                var group = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    group.Add(member);
                }
                while (member != node);

                if (group.Count > 1)
                {
                    found.Add([.. group.Order(StringComparer.Ordinal)]);
                }
            }
        }

        foreach (var node in Uses.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return found;
    }

    private static string FolderOf(string ns, string root)
    {
        var rest = ns[(root.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private static string? FolderOf(TypeReference reference, string root)
    {
        reference = Outermost(reference);
        return reference.Namespace.StartsWith(root + ".", StringComparison.Ordinal) ? FolderOf(reference.Namespace, root) : null;
    }

    private static TypeReference Outermost(TypeReference reference)
    {
        while (reference.DeclaringType is { } outer)
        {
            reference = outer;
        }

        return reference;
    }

    private static IEnumerable<TypeReference> Referenced(TypeDefinition type, ModuleDefinition module)
    {
        var seen = new List<TypeReference>();

        void Add(TypeReference? reference)
        {
            switch (reference)
            {
                case null:
                    return;
                case GenericInstanceType generic:
                    Add(generic.ElementType);
                    foreach (var argument in generic.GenericArguments)
                    {
                        Add(argument);
                    }

                    return;
                case TypeSpecification specification:
                    Add(specification.ElementType);
                    return;
                case GenericParameter:
                    return;
                default:
                    seen.Add(reference);
                    return;
            }
        }

        void AddAttributes(ICustomAttributeProvider provider)
        {
            foreach (var attribute in provider.CustomAttributes)
            {
                Add(attribute.AttributeType);
                foreach (var argument in attribute.ConstructorArguments)
                {
                    Add(argument.Type);
                    Add(argument.Value as TypeReference);
                }
            }
        }

        void AddMethodReference(MethodReference method)
        {
            Add(method.DeclaringType);
            Add(method.ReturnType);
            foreach (var parameter in method.Parameters)
            {
                Add(parameter.ParameterType);
            }

            if (method is GenericInstanceMethod generic)
            {
                foreach (var argument in generic.GenericArguments)
                {
                    Add(argument);
                }
            }
        }

        void Walk(TypeDefinition definition)
        {
            Add(definition.BaseType);
            AddAttributes(definition);
            foreach (var contract in definition.Interfaces)
            {
                Add(contract.InterfaceType);
            }

            foreach (var field in definition.Fields)
            {
                Add(field.FieldType);
                AddAttributes(field);
            }

            foreach (var property in definition.Properties)
            {
                Add(property.PropertyType);
                AddAttributes(property);
            }

            foreach (var method in definition.Methods)
            {
                AddMethodReference(method);
                AddAttributes(method);
                if (!method.HasBody)
                {
                    continue;
                }

                foreach (var variable in method.Body.Variables)
                {
                    Add(variable.VariableType);
                }

                foreach (var instruction in method.Body.Instructions)
                {
                    switch (instruction.Operand)
                    {
                        case TypeReference t:
                            Add(t);
                            break;
                        case MethodReference m:
                            AddMethodReference(m);
                            break;
                        case FieldReference f:
                            Add(f.DeclaringType);
                            Add(f.FieldType);
                            break;
                    }
                }
            }

            foreach (var nested in definition.NestedTypes)
            {
                Walk(nested);
            }
        }

        Walk(type);
        return seen;
    }
}
