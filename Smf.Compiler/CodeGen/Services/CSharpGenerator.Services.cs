using Smf.Compiler.CodeGen.Services;
using Smf.Compiler.Schema;

namespace Smf.Compiler.CodeGen;

/// <content>The rpc_service part of the generator: service base classes, typed clients and ids.</content>
public static partial class CSharpGenerator
{
    /// <summary>
    /// Checks what <see cref="Generate"/> would emit for <paramref name="files"/> and returns the problems as SMF31xx
    /// diagnostics: SMF3101 (a warning) for each streaming method, which the generated service and client leave out,
    /// SMF3102 for clashing service names, SMF3103 for clashing type names. Call it before <see cref="Generate"/>, and
    /// do not generate when it returns an error.
    /// </summary>
    /// <param name="model">The resolved model (from <see cref="SchemaCompiler"/>).</param>
    /// <param name="files">The files of <paramref name="model"/> whose declarations the unit emits.</param>
    /// <param name="options">The options, or null for the defaults.</param>
    /// <returns>The diagnostics; the unit can be generated when none of them is an error.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="files"/> is null.</exception>
    public static IReadOnlyList<Diagnostic> Validate(SchemaModel model, IReadOnlyList<SchemaFile> files, CSharpGeneratorOptions? options = null)
    {
        if (model is null)
        {
            throw new ArgumentNullException(nameof(model));
        }

        if (files is null)
        {
            throw new ArgumentNullException(nameof(files));
        }

        options ??= new CSharpGeneratorOptions();
        var unit = new CSharpUnit(model, files, options);
        return ServiceValidator.Validate(unit, ServiceEmitter.Services(unit));
    }

    static partial void AddContributors(List<ICSharpUnitContributor> contributors) => contributors.Add(new ServiceEmitter());
}
