using System.Reflection;
using Microsoft.Build.Framework;

namespace Smf.Build.Tests.Infrastructure;

/// <summary>
/// Records what a task logs, so task tests run without a real build. MSBuild's assemblies come from the
/// installed SDK (registered by <see cref="AssemblySetup"/>), so this type must not name them in its
/// declaration: test discovery loads every type before the registration runs. It is therefore a
/// <see cref="DispatchProxy"/> created for <c>IBuildEngine</c> at run time.
/// </summary>
public class FakeBuildEngine : DispatchProxy
{
    private readonly List<object> _errors = [];
    private readonly List<object> _warnings = [];

    /// <summary>Creates the engine and the <c>IBuildEngine</c> view of it to give to a task.</summary>
    public static FakeBuildEngine Create(out object engine)
    {
        var proxy = DispatchProxy.Create<IBuildEngine, FakeBuildEngine>();
        engine = proxy;
        return (FakeBuildEngine)(object)proxy;
    }

    public IReadOnlyList<BuildErrorEventArgs> Errors => _errors.Cast<BuildErrorEventArgs>().ToList();

    public IReadOnlyList<BuildWarningEventArgs> Warnings => _warnings.Cast<BuildWarningEventArgs>().ToList();

    /// <summary>Every error and warning as MSBuild prints them, for assertion messages.</summary>
    public string Describe() =>
        string.Join(Environment.NewLine, Errors.Select(e => $"{e.File}({e.LineNumber},{e.ColumnNumber},{e.EndLineNumber},{e.EndColumnNumber}): error {e.Code}: {e.Message}")
            .Concat(Warnings.Select(w => $"{w.File}({w.LineNumber},{w.ColumnNumber}): warning {w.Code}: {w.Message}")));

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        switch (targetMethod?.Name)
        {
            case "LogErrorEvent":
                _errors.Add(args![0]!);
                return null;
            case "LogWarningEvent":
                _warnings.Add(args![0]!);
                return null;
            case "LogMessageEvent":
            case "LogCustomEvent":
                return null;
            case "get_ContinueOnError":
                return false;
            case "get_LineNumberOfTaskNode":
            case "get_ColumnNumberOfTaskNode":
                return 0;
            case "get_ProjectFileOfTaskNode":
                return "test.csproj";
            default:
                throw new NotSupportedException($"SmfCompile is not expected to call IBuildEngine.{targetMethod?.Name}.");
        }
    }
}
