namespace Smf.Compiler.Schema;

/// <summary>
/// Turns parsed files into the resolved <see cref="SchemaModel"/>: declares every type, resolves names
/// (current namespace, then each parent, then global), validates every rule and computes layouts.
/// </summary>
internal sealed partial class Binder
{
    private readonly IReadOnlyList<SyntaxFile> _syntaxFiles;
    private readonly ISet<string> _rootPaths;
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, Symbol> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Symbol> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _declaredAttributes = new(StringComparer.Ordinal);
    private readonly List<Symbol> _symbols = new();
    private readonly List<SchemaFile> _files = new();

    // Scratch collections reused by each Bind* call (binding is sequential) so a large schema does not allocate one per type.
    private readonly HashSet<string> _scratchNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FieldDefinition> _scratchFields = new(StringComparer.Ordinal);
    private readonly List<MemberSyntax> _scratchFieldSyntax = new();
    private readonly Dictionary<string, EnumValueDefinition> _scratchEnumNames = new(StringComparer.Ordinal);
    private readonly Dictionary<long, EnumValueDefinition> _scratchEnumNumbers = new();
    private readonly Dictionary<string, UnionMemberDefinition> _scratchUnionNames = new(StringComparer.Ordinal);
    private readonly Dictionary<long, UnionMemberDefinition> _scratchUnionNumbers = new();
    private readonly Dictionary<Declaration, UnionMemberDefinition> _scratchUnionTypes = new();

    private Binder(IReadOnlyList<SyntaxFile> syntaxFiles, ISet<string> rootPaths, DiagnosticBag diagnostics)
    {
        _syntaxFiles = syntaxFiles;
        _rootPaths = rootPaths;
        _diagnostics = diagnostics;
    }

    /// <summary>Binds the files (given in parse order: includes before includers).</summary>
    public static SchemaModel Bind(IReadOnlyList<SyntaxFile> files, ISet<string> rootPaths, DiagnosticBag diagnostics)
    {
        var binder = new Binder(files, rootPaths, diagnostics);
        return binder.Run();
    }

    private static long OrderOf(int fileIndex, int order) => ((long)fileIndex << 32) | (uint)order;

    private SchemaModel Run()
    {
        Declare();
        foreach (var symbol in _symbols)
        {
            if (symbol.Declaration is EnumDefinition e)
            {
                BindEnum(e, symbol);
            }
        }

        foreach (var symbol in _symbols)
        {
            if (symbol.Declaration is StructDefinition s)
            {
                BindStruct(s, symbol);
            }
        }

        foreach (var symbol in _symbols)
        {
            switch (symbol.Declaration)
            {
                case TableDefinition t:
                    BindTable(t, symbol);
                    break;
                case UnionDefinition u:
                    BindUnion(u, symbol);
                    break;
                case ServiceDefinition v:
                    BindService(v, symbol);
                    break;
            }
        }

        BindFileStatements();
        var declarations = new Declaration[_symbols.Count];
        for (var i = 0; i < declarations.Length; i++)
        {
            declarations[i] = _symbols[i].Declaration;
        }

        return new SchemaModel(_files, declarations, new List<string>(_declaredAttributes.Keys));
    }

    private void Declare()
    {
        for (var fileIndex = 0; fileIndex < _syntaxFiles.Count; fileIndex++)
        {
            var syntaxFile = _syntaxFiles[fileIndex];
            var file = new SchemaFile(syntaxFile.Path, _rootPaths.Contains(syntaxFile.Path));
            _files.Add(file);
            var includes = new string[syntaxFile.Includes.Count];
            for (var i = 0; i < includes.Length; i++)
            {
                includes[i] = syntaxFile.Includes[i].Text;
            }

            file.Includes = includes;
            var attributeNames = new List<string>();
            foreach (var attribute in syntaxFile.AttributeDeclarations)
            {
                attributeNames.Add(attribute.Text);
                if (!_declaredAttributes.ContainsKey(attribute.Text))
                {
                    _declaredAttributes.Add(attribute.Text, OrderOf(fileIndex, attribute.Order));
                }
            }

            file.DeclaredAttributes = attributeNames;
            var fileDeclarations = new List<Declaration>(syntaxFile.Declarations.Count);
            foreach (var syntax in syntaxFile.Declarations)
            {
                var declaration = CreateDeclaration(syntax);
                declaration.File = file;
                var symbol = new Symbol(declaration, syntax, OrderOf(fileIndex, syntax.Order));
                var table = syntax.Kind == DeclarationSyntaxKind.Service ? _services : _types;
                if (table.TryGetValue(declaration.FullName, out var existing))
                {
                    _diagnostics.Add(
                        DiagnosticCodes.DuplicateTypeName,
                        "'" + declaration.FullName + "' is already declared at " + existing.Declaration.Location + "; type names must be unique within a namespace.",
                        syntax.Location);
                    continue;
                }

                table.Add(declaration.FullName, symbol);
                _symbols.Add(symbol);
                fileDeclarations.Add(declaration);
            }

            file.Declarations = fileDeclarations;
        }
    }

    private Declaration CreateDeclaration(DeclarationSyntax syntax)
    {
        var attributes = ConvertAttributes(syntax.Attributes);
        switch (syntax.Kind)
        {
            case DeclarationSyntaxKind.Table:
                return new TableDefinition(syntax.Name, syntax.Namespace, syntax.Documentation, attributes, syntax.Location);
            case DeclarationSyntaxKind.Struct:
                return new StructDefinition(syntax.Name, syntax.Namespace, syntax.Documentation, attributes, syntax.Location);
            case DeclarationSyntaxKind.Union:
                return new UnionDefinition(syntax.Name, syntax.Namespace, syntax.Documentation, attributes, syntax.Location);
            case DeclarationSyntaxKind.Service:
                return new ServiceDefinition(syntax.Name, syntax.Namespace, syntax.Documentation, attributes, syntax.Location);
            default:
                return new EnumDefinition(syntax.Name, syntax.Namespace, syntax.Documentation, attributes, syntax.Location, ResolveUnderlyingType(syntax));
        }
    }

    private ScalarKind ResolveUnderlyingType(DeclarationSyntax syntax)
    {
        var type = syntax.UnderlyingType;
        if (type is null)
        {
            _diagnostics.Add(DiagnosticCodes.MissingUnderlyingType, "The enum '" + syntax.Name + "' needs an integral underlying type, e.g. 'enum " + syntax.Name + " : byte { ... }'.", syntax.Location);
            return ScalarKind.Int;
        }

        var kind = type.Name is null ? ScalarKind.None : ScalarKinds.FromName(type.Name);
        if (!SchemaType.IsInteger(kind))
        {
            var shown = type.Name ?? "a vector";
            _diagnostics.Add(DiagnosticCodes.NonIntegralUnderlyingType, "The underlying type of enum '" + syntax.Name + "' must be an integer type (byte, ubyte, short, ushort, int, uint, long or ulong), not '" + shown + "'.", type.Location);
            return ScalarKind.Int;
        }

        return kind;
    }

    private void BindFileStatements()
    {
        for (var fileIndex = 0; fileIndex < _syntaxFiles.Count; fileIndex++)
        {
            var syntaxFile = _syntaxFiles[fileIndex];
            var file = _files[fileIndex];
            foreach (var root in syntaxFile.RootTypes)
            {
                var symbol = Lookup(root.Text, root.Namespace);
                if (symbol is null)
                {
                    ReportUnknownType(root.Text, root.Namespace, root.Location);
                }
                else if (symbol.Declaration is TableDefinition table)
                {
                    file.RootType = table;
                }
                else
                {
                    _diagnostics.Add(DiagnosticCodes.RootTypeNotTable, "The root_type '" + root.Text + "' is a " + KindName(symbol.Declaration) + "; root_type must name a table.", root.Location);
                }
            }

            foreach (var identifier in syntaxFile.FileIdentifiers)
            {
                var bytes = System.Text.Encoding.UTF8.GetByteCount(identifier.Text);
                if (bytes != 4)
                {
                    _diagnostics.Add(DiagnosticCodes.InvalidFileIdentifier, "The file_identifier \"" + identifier.Text + "\" is " + bytes.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes long; it must be exactly 4 bytes.", identifier.Location);
                }
                else
                {
                    file.FileIdentifier = identifier.Text;
                }
            }

            foreach (var extension in syntaxFile.FileExtensions)
            {
                file.FileExtension = extension.Text;
            }
        }
    }

    private static string KindName(Declaration declaration) => declaration.Kind switch
    {
        DeclarationKind.Table => "table",
        DeclarationKind.Struct => "struct",
        DeclarationKind.Enum => "enum",
        DeclarationKind.Union => "union",
        _ => "rpc_service",
    };
}
