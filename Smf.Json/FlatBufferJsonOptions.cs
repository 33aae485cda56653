namespace Smf.Json;

/// <summary>How <see cref="FlatBufferJson.Decode"/> writes JSON.</summary>
public sealed class FlatBufferJsonOptions
{
    /// <summary>
    /// Also print scalar and enum fields absent from the buffer, with their schema default (flatc's
    /// <c>--defaults-json</c>). Defaults to <see langword="false"/>: only the fields the buffer holds are printed, as
    /// <c>flatc --json</c> does. Absent optional scalars (<c>= null</c>) are never printed.
    /// </summary>
    public bool IncludeDefaults { get; set; }

    /// <summary>Indent the output (two spaces, one field per line). Defaults to <see langword="true"/>.</summary>
    public bool Indented { get; set; } = true;
}
