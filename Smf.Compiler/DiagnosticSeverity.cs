namespace Smf.Compiler;

/// <summary>How serious a <see cref="Diagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The schema is valid but something deserves attention.</summary>
    Warning = 1,

    /// <summary>The schema is invalid; no model is produced.</summary>
    Error = 2,
}
